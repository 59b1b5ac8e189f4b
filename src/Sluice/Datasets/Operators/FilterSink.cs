namespace Sluice.Datasets.Operators;

/// <summary>Pushes on the records that satisfy the predicate. No exception handler: see <see cref="RecordSink{T}"/>.</summary>
internal sealed class FilterSink<T>(RecordSink<T> next, Func<T, bool> predicate) : RecordSink<T>
{
    public override void Push(T record)
    {
        if (predicate(record))
        {
            next.Push(record);
        }
    }
}
