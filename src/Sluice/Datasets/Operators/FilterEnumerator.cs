namespace Sluice.Datasets.Operators;

/// <summary>Keeps the records of a partition that satisfy a predicate.</summary>
internal sealed class FilterEnumerator<T>(IEnumerable<T> source, Func<T, bool> predicate, Rdd owner)
    : RecordEnumerator<T>
{
    private IEnumerator<T>? _source;

    public override bool MoveNext()
    {
        _source ??= source.GetEnumerator();
        while (_source.MoveNext())
        {
            var item = _source.Current;
            bool keep;
            try
            {
                keep = predicate(item);
            }
            catch (Exception e) when (OperatorErrors.Tag(e, owner))
            {
                throw;
            }

            if (keep)
            {
                Current = item;
                return true;
            }
        }

        return false;
    }

    public override void Dispose() => _source?.Dispose();

    protected override RecordEnumerator<T> Clone() => new FilterEnumerator<T>(source, predicate, owner);
}
