using Microsoft.Extensions.Logging;
using Sluice.Checkpointing;

namespace Sluice;

public sealed partial class StreamingContext
{
    private CheckpointWriter? _checkpointWriter;
    private readonly Lock _lifecycleCompletions = new();
    private CheckpointMetadata? _recovered;
    private DateTimeOffset? _lastCompleted;

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
        ArgumentNullException.ThrowIfNull(factory);
        var context = factory() ?? throw new InvalidOperationException("The factory given to GetOrCreate returned null; return the StreamingContext it created.");
        if (context.CheckpointDirectory is null)
        {
            context.Checkpoint(directory);
        }

        var checkpoints = context.OpenCheckpoints();
        (DateTimeOffset, CheckpointMetadata)? latest;
        try
        {
            latest = checkpoints.ReadLatestAsync(payload => CheckpointMetadata.FromJson(payload, checkpoints.Storage.Location)).GetAwaiter().GetResult();
        }
        catch (CheckpointFormatException error) when (createOnError)
        {
            CheckpointLog.StartingAfresh(context._logger, error, checkpoints.Storage.Location);
            latest = null;
        }

        if (latest is { } found)
        {
            context.Recover(checkpoints, found.Item2);
        }

        return context;
    }

    /// <summary>Completes once the checkpoints of the batches completed so far are written: for tests that read the files.</summary>
    internal Task CheckpointsWrittenAsync() => _checkpointWriter?.FlushAsync() ?? Task.CompletedTask;

    private CheckpointDirectory OpenCheckpoints()
        => new(new LocalCheckpointStorage(CheckpointDirectory!), LoggerFactoryFor<CheckpointDirectory>());

    private void Recover(CheckpointDirectory checkpoints, CheckpointMetadata metadata)
    {
        if (metadata.BatchIntervalMs != (long)BatchInterval.TotalMilliseconds)
        {
            throw new InvalidOperationException(
                $"The checkpoint in {checkpoints.Storage.Location} was taken with a batch interval of {TimeSpan.FromMilliseconds(metadata.BatchIntervalMs)}; this application uses {BatchInterval}. Keep the interval, or start without the checkpoint (another directory).");
        }

        GraphMatch.Require(metadata.Operators, CheckpointedOperators(), checkpoints.Storage.Location);
        var stateful = Graph.Operators.OfType<IStatefulStream>().ToDictionary(stream => stream.Identity, StringComparer.Ordinal);
        foreach (var file in metadata.StateFiles)
        {
            var payload = checkpoints.ReadDataAsync(file.File, CheckpointFileKind.State).GetAwaiter().GetResult();
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

        // Every replayable input, even one with no recorded batch: a receiver may have logged blocks no batch took.
        foreach (var input in Graph.Operators.OfType<IReplayableInput>())
        {
            input.RestorePositions([.. metadata.Sources.Where(position => position.Operator == input.Identity)]);
        }

        _recovered = metadata;
        CheckpointLog.Recovered(_logger, checkpoints.Storage.Location, metadata.BatchTime, metadata.PendingBatches.Count, metadata.StateFiles.Count);
    }

    private List<CheckpointedOperator> CheckpointedOperators()
        => [.. Graph.Operators.Select(op => new CheckpointedOperator(op.Identity, op.Kind, op.RecordTypeName, Graph.Outputs.Contains(op)))];

    /// <summary>At start: the checkpoint writer, and where batch times resume after a recovery.</summary>
    private (DateTimeOffset ZeroTime, DateTimeOffset FirstBatch, IReadOnlyList<DateTimeOffset> Earlier)? StartCheckpointing(DateTimeOffset zeroTime, DateTimeOffset firstBatch)
    {
        if (CheckpointDirectory is null)
        {
            return null;
        }

        var resume = (zeroTime, firstBatch, (IReadOnlyList<DateTimeOffset>)[]);
        if (_recovered is { } metadata)
        {
            // Batches run again: those pending at the checkpoint, then every batch time since it, missed while
            // the application was down (the timer catches up from there).
            var next = metadata.BatchTime + BatchInterval;
            resume = (metadata.ZeroTime, next, [.. metadata.PendingBatches.Where(time => time < next).Order()]);
        }

        _checkpointWriter = new CheckpointWriter(
            OpenCheckpoints(),
            CheckpointedOperators(),
            [.. Graph.Operators.OfType<IStatefulStream>()],
            [.. Graph.Operators.OfType<IReplayableInput>()],
            BatchInterval,
            resume.Item1,
            _recovered?.StateFiles ?? [],
            LoggerFactoryFor<CheckpointWriter>());
        _checkpointWriter.ReportSize();
        return resume;
    }
}
