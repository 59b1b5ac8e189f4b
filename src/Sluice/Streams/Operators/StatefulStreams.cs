using System.Buffers;
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
    /// Pins each partition's table now, so the version saved stays readable, and returns functions that serialize it
    /// without a copy (off the batch threads) into the buffer given and then unpin. The version is the newest of the
    /// tables' bases (one walk over a dictionary each, nothing to merge) unless <paramref name="exact"/> asks for
    /// <paramref name="time"/>'s, or the bases are further behind than folding leaves them: what the stream
    /// remembers, plus this batch, whose fold comes after the save is queued.
    /// </summary>
    public static StateSnapshot Snapshot<TKey, TState>(DStream stream, int partitions, bool tracksIdleKeys, DateTimeOffset time, bool exact)
        where TKey : notnull
    {
        var tables = Enumerable.Range(0, partitions).Select(p => stream.Context.States.Table<TKey, TState>(stream.Identity, p, tracksIdleKeys)).ToList();
        tables.ForEach(table => table.Pin()); // from here on no base changes, so the newest base is a version every table can read
        var version = time.UtcTicks;
        if (!exact && tables.Max(table => table.BaseVersion) is { } newestBase && newestBase >= (time - stream.RememberDuration - stream.SlideDuration).UtcTicks)
        {
            version = newestBase;
        }

        return new StateSnapshot(
            new DateTimeOffset(version, TimeSpan.Zero),
            [.. tables.Select(table => (Action<ArrayBufferWriter<byte>>)(file =>
            {
                try
                {
                    CheckpointFile.Build(
                        CheckpointFileKind.State,
                        payload => StateTableSerializer.Write(table, version, RecordCodecs.Default<TKey>(), RecordCodecs.Default<TState>(), payload),
                        file);
                }
                finally
                {
                    table.Unpin();
                }
            }))]);
    }

    /// <summary>Restores one partition's saved state into the operator's empty table.</summary>
    /// <exception cref="FormatException">The payload is not state of these key and state types.</exception>
    public static void Restore<TKey, TState>(DStream stream, int partition, bool tracksIdleKeys, DateTimeOffset version, ReadOnlySpan<byte> payload)
        where TKey : notnull
        => stream.Context.States.Table<TKey, TState>(stream.Identity, partition, tracksIdleKeys)
            .Restore(version.UtcTicks, StateTableSerializer.Read(payload, RecordCodecs.Default<TKey>(), RecordCodecs.Default<TState>()));
}
