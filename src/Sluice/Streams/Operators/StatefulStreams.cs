using Sluice.Datasets;
using Sluice.Stateful;

namespace Sluice.Streams.Operators;

/// <summary>What the stateful streams do alike: set up their state, link to the previous batch, fold old versions.</summary>
internal static class StatefulStreams
{
    public static StateOperator<TKey, TState> CreateOperator<TKey, TState>(
        DStream stream, Partitioner partitioner, Rdd<(TKey, TState)>? initial, bool tracksIdleKeys)
        where TKey : notnull
        => new(
            stream.Context.SluiceContext,
            stream.Context.States,
            stream.Identity,
            stream.ZeroTime!.Value.UtcTicks,
            partitioner,
            initial?.PartitionBy(partitioner),
            tracksIdleKeys);

    /// <summary>The previous batch's dataset while its version is not committed yet; null once it is (lineage stays one batch deep).</summary>
    public static Rdd? PreviousIfNeeded<TKey, TState, T>(DStream<T> stream, StateOperator<TKey, TState> op, DateTimeOffset previousTime)
        where TKey : notnull
        => previousTime.UtcTicks > op.ZeroTicks && !op.HasVersion(previousTime) ? stream.GetOrCompute(previousTime) : null;

    /// <summary>After a batch: versions older than what the stream remembers are read by nobody, so they fold into the base.</summary>
    public static void Fold<TKey, TState>(DStream stream, StateOperator<TKey, TState>? op, DateTimeOffset time, TimeSpan? timeout)
        where TKey : notnull
    {
        if (op is null)
        {
            return;
        }

        var foldTo = time - stream.RememberDuration;

        // Keys that had data at or before foldTo - timeout were considered by every version up to foldTo.
        var idleHandledBefore = timeout is { } idle ? (foldTo - idle).UtcTicks + 1 : long.MaxValue;
        op.FoldUpTo(foldTo, idleHandledBefore);
    }
}
