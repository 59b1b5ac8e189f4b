namespace Sluice.Datasets.Operators;

/// <summary>
/// Pushes on every record the function returns; arrays are walked by index. No exception handler: see
/// <see cref="RecordSink{T}"/>.
/// </summary>
internal sealed class FlatMapSink<T, TResult>(RecordSink<TResult> next, Func<T, IEnumerable<TResult>> flatMap) : RecordSink<T>
{
    public override void Push(T record)
    {
        var results = flatMap(record) ?? throw new InvalidOperationException("The flatMap function returned null; return an empty sequence instead.");
        if (results is TResult[] array)
        {
            foreach (var result in array)
            {
                next.Push(result);
            }

            return;
        }

        foreach (var result in results)
        {
            next.Push(result);
        }
    }
}
