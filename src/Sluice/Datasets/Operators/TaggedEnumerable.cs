namespace Sluice.Datasets.Operators;

/// <summary>Wraps a user-supplied sequence so that exceptions thrown while enumerating it name its operator.</summary>
internal sealed class TaggedEnumerable<T>(IEnumerable<T> source, Rdd owner) : RecordEnumerator<T>
{
    private IEnumerator<T>? _source;

    public override bool MoveNext()
    {
        try
        {
            _source ??= source.GetEnumerator();
            if (!_source.MoveNext())
            {
                return false;
            }
        }
        catch (Exception e) when (OperatorErrors.Tag(e, owner))
        {
            throw;
        }

        Current = _source.Current;
        return true;
    }

    public override void Dispose() => _source?.Dispose();

    protected override RecordEnumerator<T> Clone() => new TaggedEnumerable<T>(source, owner);
}
