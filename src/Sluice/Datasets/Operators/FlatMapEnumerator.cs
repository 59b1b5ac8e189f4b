namespace Sluice.Datasets.Operators;

/// <summary>Replaces each record of a partition by the records a function returns for it.</summary>
/// <remarks>Arrays, the common case (<c>line.Split(' ')</c>), are walked by index rather than through an enumerator.</remarks>
internal sealed class FlatMapEnumerator<T, TResult>(IEnumerable<T> source, Func<T, IEnumerable<TResult>> flatMap, Rdd owner)
    : RecordEnumerator<TResult>
{
    private IEnumerator<T>? _source;
    private TResult[]? _array;
    private int _index;
    private IEnumerator<TResult>? _inner;

    public override bool MoveNext()
    {
        _source ??= source.GetEnumerator();
        while (true)
        {
            if (_array is not null)
            {
                if (_index < _array.Length)
                {
                    Current = _array[_index++];
                    return true;
                }

                _array = null;
            }
            else if (_inner is not null)
            {
                if (MoveNextInner())
                {
                    Current = _inner.Current;
                    return true;
                }

                _inner.Dispose();
                _inner = null;
            }

            if (!_source.MoveNext())
            {
                return false;
            }

            IEnumerable<TResult> results;
            try
            {
                results = flatMap(_source.Current) ?? throw new InvalidOperationException("The flatMap function returned null; return an empty sequence instead.");
            }
            catch (Exception e) when (OperatorErrors.Tag(e, owner))
            {
                throw;
            }

            if (results is TResult[] array)
            {
                _array = array;
                _index = 0;
            }
            else
            {
                _inner = results.GetEnumerator();
            }
        }
    }

    private bool MoveNextInner()
    {
        try
        {
            return _inner!.MoveNext();
        }
        catch (Exception e) when (OperatorErrors.Tag(e, owner))
        {
            throw;
        }
    }

    public override void Dispose()
    {
        _inner?.Dispose();
        _source?.Dispose();
    }

    protected override RecordEnumerator<TResult> Clone() => new FlatMapEnumerator<T, TResult>(source, flatMap, owner);
}
