namespace Sluice.Datasets.Operators;

/// <summary>
/// Pushes <c>map(record)</c> on. No exception handler: see <see cref="RecordSink{T}"/> for why, and
/// <see cref="KeyedShuffleDependency{TKey, TValue, TCombiner}"/> for how a failure still names its operator.
/// </summary>
internal sealed class MapSink<T, TResult>(RecordSink<TResult> next, Func<T, TResult> map) : RecordSink<T>
{
    public override void Push(T record) => next.Push(map(record));
}
