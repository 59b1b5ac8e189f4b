namespace Sluice.Datasets.Operators;

/// <summary>Pushes <c>map(record)</c> on.</summary>
internal sealed class MapSink<T, TResult>(RecordSink<TResult> next, Func<T, TResult> map, Rdd owner) : RecordSink<T>
{
    public override void Push(T record)
    {
        TResult result;
        try
        {
            result = map(record);
        }
        catch (Exception e) when (OperatorErrors.Tag(e, owner))
        {
            throw;
        }

        next.Push(result);
    }
}
