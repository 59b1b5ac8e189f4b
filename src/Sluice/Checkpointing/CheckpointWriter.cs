using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sluice.Monitoring;

namespace Sluice.Checkpointing;

/// <summary>
/// Writes a checkpoint after every completed batch, off the batch threads: the state of each stateful operator due
/// for a data checkpoint (copied when the batch completes, serialized here), written and read back, then the
/// batch's metadata, which references only state files already verified. One writer loop keeps the files in batch
/// order.
/// </summary>
/// <remarks>
/// A write that fails (a full disk, a permission, a storage error) leaves the previous checkpoint the newest: it is
/// reported (a warning, <see cref="IStreamingListener.OnCheckpoint"/>, the <c>sluice.checkpoint.failures</c>
/// counter), and a state save that failed is tried again with the next batch, not a checkpoint interval later.
/// Inputs keep the positions of every batch a recovery from the durable checkpoints may compute again
/// (<see cref="ReplayFloor"/>), so no checkpoint is ever older than the positions it needs.
/// </remarks>
internal sealed partial class CheckpointWriter
{
    private readonly CheckpointDirectory _directory;
    private readonly IReadOnlyList<CheckpointedOperator> _operators;
    private readonly IReadOnlyList<IStatefulStream> _stateful;
    private readonly IReadOnlyList<IReplayableInput> _inputs;
    private readonly long _batchIntervalMs;
    private readonly DateTimeOffset _zeroTime;
    private readonly ILogger _logger;
    private readonly Channel<Job> _jobs = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<(string Operator, int Partition), StateFile> _latest = [];

    // One buffer per state partition, reused by every save: a new 12 MB buffer per save went to the large object
    // heap and cost a full collection about every other save.
    private readonly Dictionary<(string Operator, int Partition), ArrayBufferWriter<byte>> _buffers = [];

    // Operators whose last state save failed: saved again with the next batch.
    private readonly ConcurrentDictionary<string, byte> _owed = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public CheckpointWriter(
        CheckpointDirectory directory,
        IReadOnlyList<CheckpointedOperator> operators,
        IReadOnlyList<IStatefulStream> stateful,
        IReadOnlyList<IReplayableInput> inputs,
        TimeSpan batchInterval,
        DateTimeOffset zeroTime,
        IEnumerable<StateFile> restored,
        StreamingListenerBus listeners,
        TimeProvider clock,
        ILogger logger)
    {
        _directory = directory;
        _operators = operators;
        _stateful = stateful;
        _inputs = inputs;
        _batchIntervalMs = (long)batchInterval.TotalMilliseconds;
        _zeroTime = zeroTime;
        _listeners = listeners;
        _clock = clock;
        _failureLog = new Logging.LogThrottle(clock, FailureLogInterval);
        _logger = logger;
        foreach (var file in restored)
        {
            _latest[(file.Operator, file.Partition)] = file;
        }

        _generations.Enqueue(OldestStateVersion());
        _replayFloorTicks = _generations.Peek().UtcTicks;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Queues a checkpoint after batch <paramref name="time"/> completed: the state due for saving at that batch
    /// (copied now), and metadata as of <paramref name="newestCompleted"/>, the newest batch completed so far,
    /// with the batches still <paramref name="pending"/> (a batch may complete after a newer one).
    /// </summary>
    public void BatchCompleted(DateTimeOffset time, DateTimeOffset newestCompleted, IReadOnlyList<DateTimeOffset> pending)
        => Queue(newestCompleted, pending, _stateful
            .Where(stream => (time - _zeroTime).Ticks % stream.CheckpointInterval.Ticks == 0 || _owed.ContainsKey(stream.Identity))
            .Select(stream => (stream.Identity, stream.SnapshotState(time, exact: false))));

    /// <summary>
    /// Writes, before the first batch, a checkpoint of no batch at all, and returns once it is written: a restart after
    /// a crash before any batch completed then resumes with the stream's own zero time (from which file streams take
    /// files as new, and receivers' logged blocks are found), instead of starting afresh and taking every file that
    /// came meanwhile as old.
    /// </summary>
    public void StartCheckpoint(DateTimeOffset zeroTime)
    {
        Queue(zeroTime, [], []);
        FlushAsync().GetAwaiter().GetResult();
    }

    /// <summary>Queues a checkpoint of the last completed batch with every operator's state as of that batch, for a graceful stop.</summary>
    public void FinalCheckpoint(DateTimeOffset time) => Queue(time, [], _stateful.Select(stream => (stream.Identity, stream.SnapshotState(time, exact: true))));

    private void Queue(DateTimeOffset checkpointTime, IReadOnlyList<DateTimeOffset> pending, IEnumerable<(string Identity, StateSnapshot Snapshot)> saving)
        => _jobs.Writer.TryWrite(new Job(
            checkpointTime,
            pending,
            [.. saving],
            [.. _inputs.SelectMany(input => input.Positions())],
            [.. _inputs.Select(input => new ReceivedBacklog(input.Identity, input.Backlog)).Where(backlog => backlog.Records > 0)]));

    /// <summary>A state file was written and verified, and is the newest of its partition: raised on the writer loop.</summary>
    public event Action<StateFile>? StateSaved;

    /// <summary>Completes once every checkpoint queued before the call is written (or its write failed and was reported).</summary>
    public Task FlushAsync()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _jobs.Writer.TryWrite(new Job(default, [], [], [], [], flushed)) ? flushed.Task : _loop;
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public Task CompleteAsync()
    {
        _jobs.Writer.TryComplete();
        StopReportingSize();
        return _loop;
    }

    public static string StateFileName(string identity, int partition, DateTimeOffset version)
    {
        var safe = new StringBuilder(identity.Length);
        foreach (var c in identity)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_');
        }

        return $"{CheckpointDirectory.StatePrefix}{safe}-{partition}-{version.ToUnixTimeMilliseconds():D15}";
    }

    private async Task RunAsync()
    {
        await foreach (var job in _jobs.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (job.Flushed is { } flushed)
            {
                flushed.SetResult();
                continue;
            }

            var failures = new List<Exception>();
            var bytes = await WriteStateAsync(job, failures).ConfigureAwait(false);
            try
            {
                bytes += await WriteMetadataAsync(job).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                failures.Add(error);
            }

            Report(job.CheckpointTime, bytes, failures);
        }
    }

    /// <summary>
    /// Writes and verifies the job's state files; only once every one of them is does the metadata point at them (a
    /// batch that completed late does not replace newer state). A failed save is owed, and tried with the next batch.
    /// </summary>
    /// <returns>The bytes written.</returns>
    private async Task<long> WriteStateAsync(Job job, List<Exception> failures)
    {
        // Serialize every partition first: each serialization releases its table for folding, whatever the writes do.
        Exception? unserialized = null;
        var serialized = job.State.Select(state => (state.Identity, state.Snapshot.Version, Files: state.Snapshot.Partitions.Select((serialize, partition) =>
        {
            try
            {
                return Serialize(state.Identity, partition, serialize);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                unserialized ??= error; // state kept on executors that could not be read
                return default;
            }
        }).ToList())).ToList();
        var written = new List<StateFile>();
        var bytes = 0L;
        try
        {
            if (unserialized is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(unserialized);
            }

            foreach (var (identity, version, files) in serialized)
            {
                for (var partition = 0; partition < files.Count; partition++)
                {
                    var name = StateFileName(identity, partition, version);
                    await _directory.WriteVerifiedAsync(name, files[partition]).ConfigureAwait(false);
                    written.Add(new StateFile(identity, partition, version, name));
                    bytes += files[partition].Length;
                }
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            failures.Add(error);
            foreach (var (identity, _, _) in serialized)
            {
                _owed[identity] = 0;
            }

            return bytes;
        }

        foreach (var (identity, _, _) in serialized)
        {
            _owed.TryRemove(identity, out _);
        }

        foreach (var file in written)
        {
            if (!_latest.TryGetValue((file.Operator, file.Partition), out var kept) || kept.Version < file.Version)
            {
                _latest[(file.Operator, file.Partition)] = file;
                StateSaved?.Invoke(file);
            }
        }

        return bytes;
    }

    /// <summary>
    /// Writes the metadata, referencing the newest verified state; then inputs may forget what it no longer needs, and
    /// acknowledge to their sources what it records.
    /// </summary>
    /// <returns>The bytes written.</returns>
    private async Task<long> WriteMetadataAsync(Job job)
    {
        var metadata = new CheckpointMetadata(
            _batchIntervalMs,
            _zeroTime,
            job.CheckpointTime,
            job.Pending,
            _operators,
            [.. _latest.Values.OrderBy(file => file.Operator, StringComparer.Ordinal).ThenBy(file => file.Partition)],
            job.Positions,
            job.Received);
        var json = metadata.ToJson();
        await _directory.WriteMetadataAsync(job.CheckpointTime, json, CheckpointMetadata.FilesOf).ConfigureAwait(false);
        AdvanceReplayFloor();
        if (job.CheckpointTime == _zeroTime)
        {
            return json.Length; // the start's checkpoint records no batch: inputs have nothing to acknowledge
        }

        foreach (var input in _inputs)
        {
            try
            {
                input.Checkpointed(job.CheckpointTime);
            }
            catch (Exception error)
            {
                CheckpointLog.InputHookFailed(_logger, error, input.Identity, job.CheckpointTime);
            }
        }

        return json.Length;
    }

    /// <summary>The partition's whole checkpoint file, in its buffer, valid until the partition is saved again.</summary>
    private ReadOnlyMemory<byte> Serialize(string identity, int partition, Action<ArrayBufferWriter<byte>> serialize)
    {
        if (!_buffers.TryGetValue((identity, partition), out var buffer))
        {
            _buffers[(identity, partition)] = buffer = new ArrayBufferWriter<byte>();
        }

        buffer.ResetWrittenCount();
        serialize(buffer);
        return buffer.WrittenMemory;
    }

    private sealed record Job(
        DateTimeOffset CheckpointTime,
        IReadOnlyList<DateTimeOffset> Pending,
        IReadOnlyList<(string Identity, StateSnapshot Snapshot)> State,
        IReadOnlyList<SourcePosition> Positions,
        IReadOnlyList<ReceivedBacklog> Received,
        TaskCompletionSource? Flushed = null);
}
