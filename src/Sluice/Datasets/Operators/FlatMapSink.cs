namespace Sluice.Datasets.Operators;

/// <summary>Pushes on every record the function returns; arrays are walked by index.</summary>
internal sealed class FlatMapSink<T, TResult>(RecordSink<TResult> next, Func<T, IEnumerable<TResult>> flatMap, Rdd owner) : RecordSink<T>
{
    public override void Push(T record)
    {
        IEnumerable<TResult> results;
        try
        {
            results = flatMap(record) ?? throw new InvalidOperationException("The flatMap function returned null; return an empty sequence instead.");
        }
        catch (Exception e) when (OperatorErrors.Tag(e, owner))
        {
            throw;
        }

        if (results is TResult[] array)
        {
            foreach (var result in array)
            {
                next.Push(result);
            }

            return;
        }

        foreach (var result in new TaggedEnumerable<TResult>(results, owner))
        {
            next.Push(result);
        }
    }
}
