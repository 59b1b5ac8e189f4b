using Sluice.Driver;
using Microsoft.Extensions.Logging;
using Sluice.Checkpointing;

namespace Sluice;

public sealed partial class StreamingContext
{
    private CheckpointWriter? _checkpointWriter;
    private CheckpointDirectory? _checkpoints;
    private ICheckpointStorage? _checkpointStorage;
    private IAsyncDisposable? _checkpointLock;
    private CheckpointMetadata? _recovered;

    /// <summary>
    /// The batch of the checkpoint <see cref="GetOrCreate(string, Func{StreamingContext}, bool)"/> resumed this
    /// context from: the newest batch the earlier run completed, or the time before its first batch when it
    /// completed none (a context with a checkpoint directory writes one checkpoint as it starts). Null for a context
    /// created afresh.
    /// </summary>
    public DateTimeOffset? RecoveredBatchTime => _recovered?.BatchTime;

    /// <summary>
    /// Spark's <c>getOrCreate</c>: <paramref name="factory"/> builds the context and its graph (closures are never
    /// saved, so changed function bodies take effect); if <paramref name="directory"/> holds a checkpoint, the
    /// context then resumes from it: the state of stateful operators, matched by operator identity, and the
    /// batches that were pending or missed while the application was down, which run first after
    /// <see cref="Start"/>.
    /// </summary>
    /// <param name="directory">The checkpoint directory; set on the context if the factory did not.</param>
    /// <param name="factory">Creates the context and defines its streams, the same way on every run.</param>
    /// <param name="createOnError">Start afresh (with a warning) when no checkpoint in the directory can be read, instead of failing.</param>
    /// <returns>The context, not started.</returns>
    /// <exception cref="CheckpointFormatException">No checkpoint can be read and <paramref name="createOnError"/> is false.</exception>
    /// <exception cref="InvalidOperationException">The batch interval or the graph does not match the checkpoint.</exception>
    public static StreamingContext GetOrCreate(string directory, Func<StreamingContext> factory, bool createOnError = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return GetOrCreate(context => context.Checkpoint(directory), factory, createOnError);
    }

    /// <summary>
    /// <see cref="GetOrCreate(string, Func{StreamingContext}, bool)"/> with checkpoints in a storage of your own
    /// (an <see cref="ICheckpointStorage"/> made with its own client settings, or a store Sluice does not ship).
    /// </summary>
    /// <param name="storage">Where checkpoints are; set on the context if the factory did not set any.</param>
    /// <param name="factory">Creates the context and defines its streams, the same way on every run.</param>
    /// <param name="createOnError">Start afresh (with a warning) when no checkpoint in the storage can be read, instead of failing.</param>
    /// <returns>The context, not started.</returns>
    /// <exception cref="CheckpointFormatException">No checkpoint can be read and <paramref name="createOnError"/> is false.</exception>
    /// <exception cref="InvalidOperationException">The batch interval or the graph does not match the checkpoint.</exception>
    public static StreamingContext GetOrCreate(ICheckpointStorage storage, Func<StreamingContext> factory, bool createOnError = false)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return GetOrCreate(context => context.Checkpoint(storage), factory, createOnError);
    }

    private static StreamingContext GetOrCreate(Action<StreamingContext> setCheckpoint, Func<StreamingContext> factory, bool createOnError)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var context = factory() ?? throw new InvalidOperationException("The factory given to GetOrCreate returned null; return the StreamingContext it created.");
        try
        {
            if (context.CheckpointDirectory is null)
            {
                setCheckpoint(context);
            }

            context.TakeCheckpointLock();
            var checkpoints = context.Checkpoints;
            Recovery? found;
            try
            {
                found = checkpoints.ReadLatestAsync(context.ReadRecoverableAsync).GetAwaiter().GetResult()?.Metadata;
            }
            catch (CheckpointFormatException error) when (createOnError)
            {
                CheckpointLog.StartingAfresh(context._logger, error, checkpoints.Storage.Location);
                found = null;
            }

            if (found is not null)
            {
                context.Recover(found);
            }

            return context;
        }
        catch
        {
            context.Dispose(); // its worker threads and the directory's lock: the caller never gets it
            throw;
        }
    }

    /// <summary>Completes once the checkpoints of the batches completed so far are written: for tests that read the files.</summary>
    internal Task CheckpointsWrittenAsync() => _checkpointWriter?.FlushAsync() ?? Task.CompletedTask;

    /// <summary>
    /// The oldest state version a recovery from the durable checkpoints starts from, when operators keep state: inputs
    /// keep the positions of every batch from there (less what their readers look back), and forget older ones.
    /// </summary>
    internal DateTimeOffset? ReplayFloor => _checkpointWriter?.ReplayFloor;

    /// <summary>The oldest batch generated and not completed, which a checkpoint written now would list as pending (see <see cref="StreamingDriver.OldestUncompleted"/>).</summary>
    internal DateTimeOffset? OldestUncompletedBatch => _driver?.OldestUncompleted;

    /// <summary>The checkpoint directory's files, opened once.</summary>
    private CheckpointDirectory Checkpoints
        => _checkpoints ??= new(_checkpointStorage!, LoggerFactoryFor<CheckpointDirectory>());

    /// <summary>Takes the checkpoint directory for this context until it stops.</summary>
    /// <exception cref="CheckpointLockedException">Another application (or context) holds it.</exception>
    private void TakeCheckpointLock()
        => _checkpointLock ??= Checkpoints.Storage.LockAsync(CheckpointLockHolder.ThisProcess(Options.AppName, Options.TimeProvider)).GetAwaiter().GetResult();

    private void ReleaseCheckpointLock()
    {
        _checkpointLock?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _checkpointLock = null;
    }

    /// <summary>
    /// A checkpoint this application can resume from: its metadata matches the batch interval and the graph (else
    /// an <see cref="InvalidOperationException"/> ends the search: the application changed, not the checkpoint), and
    /// every state file it names can be read (else a <see cref="CheckpointFormatException"/>, and an older one is tried).
    /// </summary>
    private async Task<Recovery> ReadRecoverableAsync(string name, ReadOnlyMemory<byte> payload)
    {
        var checkpoints = Checkpoints;
        var metadata = CheckpointMetadata.FromJson(payload, $"{name} in {checkpoints.Storage.Location}");
        if (metadata.BatchIntervalMs != (long)BatchInterval.TotalMilliseconds)
        {
            throw new InvalidOperationException(
                $"The checkpoint in {checkpoints.Storage.Location} was taken with a batch interval of {metadata.BatchIntervalMs} ms; this application uses {(long)BatchInterval.TotalMilliseconds} ms. Keep the interval, or start without the checkpoint (another directory).");
        }

        GraphMatch.Require(metadata.Operators, CheckpointedOperators(), checkpoints.Storage.Location);
        var state = await checkpoints.ReadStateAsync(name, metadata).ConfigureAwait(false);
        return new Recovery(metadata, state);
    }

    private void Recover(Recovery recovery)
    {
        var metadata = recovery.Metadata;
        var stateful = Graph.Operators.OfType<IStatefulStream>().ToDictionary(stream => stream.Identity, StringComparer.Ordinal);
        foreach (var (file, payload) in recovery.State)
        {
            try
            {
                stateful[file.Operator].RestoreState(file.Partition, file.Version, payload.Span);
            }
            catch (FormatException error)
            {
                throw new CheckpointFormatException(
                    $"The state of {file.Operator} in {file.File} does not match the operator's key and state types: {error.Message} Keep the types, or start without the checkpoint.", error);
            }
        }

        // Batches run again: those pending, and with state, every one after the oldest state restored (stateful
        // operators compute their way up from it).
        var stateFrom = stateful.Count == 0 ? metadata.BatchTime
            : stateful.Values.SelectMany(stream => Enumerable.Range(0, stream.PartitionCount).Select(partition =>
                recovery.State.FirstOrDefault(file => file.File.Operator == stream.Identity && file.File.Partition == partition).File?.Version ?? metadata.ZeroTime)).Min();
        bool RunsAgain(DateTimeOffset time) => time > stateFrom || metadata.PendingBatches.Contains(time);

        // Every replayable input, even one with no recorded batch: a receiver may have logged blocks no batch took.
        foreach (var input in Graph.Operators.OfType<IReplayableInput>())
        {
            input.RestorePositions(
                [.. metadata.Sources.Where(position => position.Operator == input.Identity)],
                new InputRecovery(RunsAgain, metadata.Received?.FirstOrDefault(backlog => backlog.Operator == input.Identity)?.Records ?? 0));
        }

        _recovered = metadata;
        CheckpointLog.Recovered(_logger, Checkpoints.Storage.Location, metadata.BatchTime, metadata.PendingBatches.Count, metadata.StateFiles.Count);
    }

    /// <summary>A checkpoint chosen for recovery, with its state files read.</summary>
    private sealed record Recovery(CheckpointMetadata Metadata, IReadOnlyList<(StateFile File, ReadOnlyMemory<byte> Payload)> State);

    private List<CheckpointedOperator> CheckpointedOperators()
        => [.. Graph.Operators.Select(op => new CheckpointedOperator(op.Identity, op.Kind, op.RecordTypeName, Graph.Outputs.Contains(op)))];

    /// <summary>At start, after a recovery: where batch times resume, and the batches pending at the checkpoint, which run first.</summary>
    private (DateTimeOffset ZeroTime, DateTimeOffset FirstBatch, IReadOnlyList<DateTimeOffset> Earlier)? Resume()
    {
        if (_recovered is not { } metadata)
        {
            return null;
        }

        // Batches run again: those pending at the checkpoint, then every batch time since it, missed while the
        // application was down (the timer catches up from there).
        var next = metadata.BatchTime + BatchInterval;
        return (metadata.ZeroTime, next, [.. metadata.PendingBatches.Where(time => time < next).Order()]);
    }

    /// <summary>At start, once the graph is known to run: the directory held, and the checkpoint writer.</summary>
    private void StartCheckpointing(DateTimeOffset zeroTime)
    {
        if (CheckpointDirectory is null)
        {
            return;
        }

        TakeCheckpointLock();
        _checkpointWriter = new CheckpointWriter(
            Checkpoints,
            CheckpointedOperators(),
            [.. Graph.Operators.OfType<IStatefulStream>()],
            [.. Graph.Operators.OfType<IReplayableInput>()],
            BatchInterval,
            zeroTime,
            _recovered?.StateFiles ?? [],
            _listeners,
            Options.TimeProvider,
            LoggerFactoryFor<CheckpointWriter>());
        _checkpointWriter.ReportSize();
        if (_recovered is null)
        {
            _checkpointWriter.StartCheckpoint(zeroTime);
        }

        if (SluiceContext.Remote is { } remote)
        {
            // A state partition lost with its executor is rebuilt from its newest saved version, read back when needed.
            var directory = Checkpoints;
            _checkpointWriter.StateSaved += file => remote.States.Saved(
                file.Operator, file.Partition, file.Version.UtcTicks, () => directory.ReadDataAsync(file.File, CheckpointFileKind.State).GetAwaiter().GetResult().ToArray());
        }
    }
}
