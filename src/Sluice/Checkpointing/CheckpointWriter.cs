using System.Buffers;
using System.Text;
using System.Threading.Channels;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Sluice.Monitoring;

namespace Sluice.Checkpointing;

/// <summary>
/// Writes a checkpoint after every completed batch, off the batch threads: the state of each stateful operator due
/// for a data checkpoint (copied when the batch completes, serialized here), then the batch's metadata, which
/// references only state files already written. One writer loop keeps the files in batch order.
/// </summary>
internal sealed class CheckpointWriter
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
    private readonly Task _loop;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<CheckpointWriter, byte> s_running = new();
    private static readonly Lazy<ObservableGauge<long>> s_sizeGauge = new(() => SluiceMeter.Meter.CreateObservableGauge(
        "sluice.checkpoint.size",
        () => s_running.Keys.Select(writer => new Measurement<long>(writer.LastCheckpointBytes, new KeyValuePair<string, object?>("location", writer._directory.Storage.Location))),
        unit: "By",
        description: "The size of the last checkpoint written: its metadata and the state files written with it."));

    public CheckpointWriter(
        CheckpointDirectory directory,
        IReadOnlyList<CheckpointedOperator> operators,
        IReadOnlyList<IStatefulStream> stateful,
        IReadOnlyList<IReplayableInput> inputs,
        TimeSpan batchInterval,
        DateTimeOffset zeroTime,
        IEnumerable<StateFile> restored,
        ILogger logger)
    {
        _directory = directory;
        _operators = operators;
        _stateful = stateful;
        _inputs = inputs;
        _batchIntervalMs = (long)batchInterval.TotalMilliseconds;
        _zeroTime = zeroTime;
        _logger = logger;
        foreach (var file in restored)
        {
            _latest[(file.Operator, file.Partition)] = file;
        }

        _loop = Task.Run(RunAsync);
    }

    /// <summary>Reports <see cref="LastCheckpointBytes"/> on the gauge <c>sluice.checkpoint.size</c>, tagged with the checkpoint's location, until the writer completes.</summary>
    public void ReportSize()
    {
        _ = s_sizeGauge.Value; // one gauge for the process, observing every running writer
        s_running[this] = 0;
    }

    /// <summary>The size in bytes of the last checkpoint written: its metadata and the state files written with it.</summary>
    public long LastCheckpointBytes { get; private set; }

    /// <summary>
    /// Queues a checkpoint after batch <paramref name="time"/> completed: the state due for saving at that batch
    /// (copied now), and metadata as of <paramref name="newestCompleted"/>, the newest batch completed so far,
    /// with the batches still <paramref name="pending"/> (a batch may complete after a newer one).
    /// </summary>
    public void BatchCompleted(DateTimeOffset time, DateTimeOffset newestCompleted, IReadOnlyList<DateTimeOffset> pending)
        => Queue(newestCompleted, pending, _stateful.Where(stream => (time - _zeroTime).Ticks % stream.CheckpointInterval.Ticks == 0).Select(stream => (stream.Identity, stream.SnapshotState(time, exact: false))));

    /// <summary>Queues a checkpoint of the last completed batch with every operator's state as of that batch, for a graceful stop.</summary>
    public void FinalCheckpoint(DateTimeOffset time) => Queue(time, [], _stateful.Select(stream => (stream.Identity, stream.SnapshotState(time, exact: true))));

    private void Queue(DateTimeOffset checkpointTime, IReadOnlyList<DateTimeOffset> pending, IEnumerable<(string Identity, StateSnapshot Snapshot)> saving)
        => _jobs.Writer.TryWrite(new Job(checkpointTime, pending, [.. saving], [.. _inputs.SelectMany(input => input.Positions())]));

    /// <summary>Completes once every checkpoint queued before the call is written (or its write failed and was logged).</summary>
    public Task FlushAsync()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _jobs.Writer.TryWrite(new Job(default, [], [], [], flushed)) ? flushed.Task : _loop;
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public Task CompleteAsync()
    {
        _jobs.Writer.TryComplete();
        s_running.TryRemove(this, out _);
        return _loop;
    }

    public static string StateFileName(string identity, int partition, DateTimeOffset version)
    {
        var safe = new StringBuilder(identity.Length);
        foreach (var c in identity)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_');
        }

        return $"state-{safe}-{partition}-{version.ToUnixTimeMilliseconds():D15}";
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

            try
            {
                await WriteAsync(job).ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or CheckpointFormatException)
            {
                CheckpointLog.WriteFailed(_logger, error, job.CheckpointTime, _directory.Storage.Location);
            }
        }
    }

    private async Task WriteAsync(Job job)
    {
        var written = new List<StateFile>();
        var bytes = 0L;
        // Serialize every partition first: each serialization releases its table for folding, whatever the writes do.
        var serialized = job.State.Select(state => (state.Identity, state.Snapshot.Version, Files: state.Snapshot.Partitions.Select((serialize, partition) => Serialize(state.Identity, partition, serialize)).ToList())).ToList();
        foreach (var (identity, version, files) in serialized)
        {
            for (var partition = 0; partition < files.Count; partition++)
            {
                var name = StateFileName(identity, partition, version);
                await _directory.Storage.WriteAsync(name, files[partition]).ConfigureAwait(false);
                written.Add(new StateFile(identity, partition, version, name));
                bytes += files[partition].Length;
            }
        }

        // Only once every state file of this checkpoint is written does the metadata point at them; a batch that
        // completed late does not replace newer state.
        foreach (var file in written)
        {
            if (!_latest.TryGetValue((file.Operator, file.Partition), out var kept) || kept.Version < file.Version)
            {
                _latest[(file.Operator, file.Partition)] = file;
            }
        }

        var metadata = new CheckpointMetadata(
            _batchIntervalMs,
            _zeroTime,
            job.CheckpointTime,
            job.Pending,
            _operators,
            [.. _latest.Values.OrderBy(file => file.Operator, StringComparer.Ordinal).ThenBy(file => file.Partition)],
            job.Positions);
        var json = metadata.ToJson();
        await _directory.WriteMetadataAsync(job.CheckpointTime, json, CheckpointMetadata.FilesOf).ConfigureAwait(false);
        LastCheckpointBytes = json.Length + bytes;
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
        TaskCompletionSource? Flushed = null);
}
