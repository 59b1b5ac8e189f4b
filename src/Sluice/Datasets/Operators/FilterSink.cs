namespace Sluice.Datasets.Operators;

/// <summary>Pushes on the records that satisfy the predicate.</summary>
internal sealed class FilterSink<T>(RecordSink<T> next, Func<T, bool> predicate, Rdd owner) : RecordSink<T>
{
    public override void Push(T record)
    {
        bool keep;
        try
        {
            keep = predicate(record);
        }
        catch (Exception e) when (OperatorErrors.Tag(e, owner))
        {
            throw;
        }

        if (keep)
        {
            next.Push(record);
        }
    }
}
