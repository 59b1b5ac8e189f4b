using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Serialization;
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

    /// <summary>
    /// Pins each partition's table now, so the version of <paramref name="time"/> stays readable, and returns
    /// functions that serialize it without a copy (off the batch threads) and then unpin.
    /// </summary>
    public static IReadOnlyList<Func<ReadOnlyMemory<byte>>> Snapshot<TKey, TState>(DStream stream, int partitions, bool tracksIdleKeys, DateTimeOffset time)
        where TKey : notnull
    {
        var snapshots = new List<Func<ReadOnlyMemory<byte>>>(partitions);
        for (var p = 0; p < partitions; p++)
        {
            var table = stream.Context.States.Table<TKey, TState>(stream.Identity, p, tracksIdleKeys);
            table.Pin();
            snapshots.Add(() =>
            {
                try
                {
                    // Serialized straight into the checkpoint file's buffer, sized for about 24 bytes a key.
                    return CheckpointFile.Build(
                        CheckpointFileKind.State,
                        output => StateTableSerializer.Write<TKey, TState>(visit => table.VisitPinned(time.UtcTicks, visit), RecordCodecs.Default<TKey>(), RecordCodecs.Default<TState>(), output),
                        (int)Math.Min(int.MaxValue / 2, table.BaseCount * 24L));
                }
                finally
                {
                    table.Unpin();
                }
            });
        }

        return snapshots;
    }

    /// <summary>Restores one partition's saved state into the operator's empty table.</summary>
    /// <exception cref="FormatException">The payload is not state of these key and state types.</exception>
    public static void Restore<TKey, TState>(DStream stream, int partition, bool tracksIdleKeys, DateTimeOffset version, ReadOnlySpan<byte> payload)
        where TKey : notnull
        => stream.Context.States.Table<TKey, TState>(stream.Identity, partition, tracksIdleKeys)
            .Restore(version.UtcTicks, StateTableSerializer.Read(payload, RecordCodecs.Default<TKey>(), RecordCodecs.Default<TState>()));
}
