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

    /// <summary>
    /// The previous batch's dataset while its version is not committed yet; null once it is (lineage stays one batch
    /// deep). On executor processes, one built before an executor holding state was lost may link to a version that
    /// is gone: the previous batch is then built again, linking back as far as a version still held or saved.
    /// </summary>
    public static Rdd? PreviousIfNeeded<TKey, TState, T>(DStream<T> stream, StateOperator<TKey, TState> op, DateTimeOffset previousTime)
        where TKey : notnull
    {
        if (previousTime.UtcTicks <= op.ZeroTicks || op.HasVersion(previousTime))
        {
            return null;
        }

        var remembered = stream.GetOrCompute(previousTime);
        return remembered is VersionedStateRdd<TKey, TState, T> { IsCurrent: false } ? stream.Compute(previousTime) : remembered;
    }

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
    /// remembers, plus this batch, whose fold comes after the save is queued. On executor processes the tables are
    /// there: <paramref name="time"/>'s version is serialized by a job on the executors holding them.
    /// </summary>
    public static StateSnapshot Snapshot<TKey, TState>(
        DStream stream, StateOperator<TKey, TState>? op, Func<DateTimeOffset, Rdd?> batchAt, int partitions, bool tracksIdleKeys, DateTimeOffset time, bool exact)
        where TKey : notnull
    {
        if (op is not null && stream.Context.SluiceContext.Remote is not null)
        {
            return SaveOnExecutors(stream, op, batchAt, partitions, time);
        }

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

    /// <summary>
    /// Restores one partition's saved state into the operator's empty table; on executor processes, the driver keeps
    /// it for the executor the partition is placed on, which restores it with the first batch.
    /// </summary>
    /// <exception cref="FormatException">The payload is not state of these key and state types.</exception>
    public static void Restore<TKey, TState>(DStream stream, int partition, bool tracksIdleKeys, DateTimeOffset version, ReadOnlySpan<byte> payload)
        where TKey : notnull
    {
        var entries = StateTableSerializer.Read(payload, RecordCodecs.Default<TKey>(), RecordCodecs.Default<TState>()); // read here too: a type mismatch shows now
        if (stream.Context.SluiceContext.Remote is { } remote)
        {
            var saved = payload.ToArray();
            remote.States.Saved(stream.Identity, partition, version.UtcTicks, () => saved);
            return;
        }

        stream.Context.States.Table<TKey, TState>(stream.Identity, partition, tracksIdleKeys).Restore(version.UtcTicks, entries);
    }

    /// <summary>
    /// <paramref name="time"/>'s version of every partition, serialized by a job on the executors holding them. A
    /// version lost with an executor since the batch ran is computed again (from the batch's datasets built again);
    /// a failed job becomes a failed save, which the checkpoint writer reports and owes.
    /// </summary>
    private static StateSnapshot SaveOnExecutors<TKey, TState>(
        DStream stream, StateOperator<TKey, TState> op, Func<DateTimeOffset, Rdd?> batchAt, int partitions, DateTimeOffset time)
        where TKey : notnull
    {
        byte[][] payloads;
        try
        {
            byte[][] Save() => new StateSaveRdd<TKey, TState>(op, batchAt(time) ?? throw new InvalidOperationException($"the stream has no dataset for batch {time:O}"), time).Collect();
            try
            {
                payloads = Save();
            }
            catch (Execution.JobFailedException lost) when (lost.InnerException is StateVersionLostException)
            {
                stream.ForgetBatch(time);
                payloads = Save();
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            var failed = new InvalidOperationException($"The state of {op.Identity} after batch {time:O} could not be read from the executors holding it: {error.Message}", error);
            return new StateSnapshot(time, [.. Enumerable.Range(0, partitions).Select(_ => (Action<ArrayBufferWriter<byte>>)(_ => throw failed))]);
        }

        return new StateSnapshot(time, [.. payloads.Select(payload => (Action<ArrayBufferWriter<byte>>)(file => CheckpointFile.Build(CheckpointFileKind.State, output => output.Write(payload), file)))]);
    }
}
