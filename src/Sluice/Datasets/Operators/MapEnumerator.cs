namespace Sluice.Datasets.Operators;

/// <summary>Applies a function to each record of a partition.</summary>
internal sealed class MapEnumerator<T, TResult>(IEnumerable<T> source, Func<T, TResult> map, Rdd owner)
    : RecordEnumerator<TResult>
{
    private IEnumerator<T>? _source;

    public override int KnownCount => RecordEnumerator<T>.CountIfKnown(source); // one record out for each in

    public override bool MoveNext()
    {
        _source ??= source.GetEnumerator();
        if (!_source.MoveNext())
        {
            return false;
        }

        try
        {
            Current = map(_source.Current);
        }
        catch (Exception e) when (OperatorErrors.Tag(e, owner))
        {
            throw;
        }

        return true;
    }

    public override void Dispose() => _source?.Dispose();

    protected override RecordEnumerator<TResult> Clone() => new MapEnumerator<T, TResult>(source, map, owner);
}
