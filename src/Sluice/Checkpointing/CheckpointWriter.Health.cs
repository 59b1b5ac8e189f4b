using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Sluice.Monitoring;

namespace Sluice.Checkpointing;

internal sealed partial class CheckpointWriter
{
    /// <summary>How often checkpoints that keep failing are logged again, with how many failed in between.</summary>
    public static readonly TimeSpan FailureLogInterval = TimeSpan.FromSeconds(10);

    private static readonly ConcurrentDictionary<CheckpointWriter, byte> s_running = new();
    private static readonly Lazy<ObservableGauge<long>> s_sizeGauge = new(() => SluiceMeter.Meter.CreateObservableGauge(
        "sluice.checkpoint.size",
        () => s_running.Keys.Select(writer => new Measurement<long>(writer.LastCheckpointBytes, new KeyValuePair<string, object?>("location", writer._directory.Storage.Location))),
        unit: "By",
        description: "The size of the last checkpoint written: its metadata and the state files written with it."));

    private static readonly Counter<long> s_failures = SluiceMeter.Meter.CreateCounter<long>(
        "sluice.checkpoint.failures", "{checkpoint}", "Checkpoints that could not be written (each is tried again with the next batch).");

    private readonly StreamingListenerBus _listeners;
    private readonly TimeProvider _clock;
    private readonly Logging.LogThrottle _failureLog;

    // The oldest state version each of the last two durable checkpoints with distinct state needs, oldest first: a
    // recovery uses the newest, or falls back to the one before if a state file of the newest is damaged.
    private readonly Queue<DateTimeOffset> _generations = new();
    private long _replayFloorTicks;
    private int _consecutiveFailures;

    /// <summary>The size in bytes of the last checkpoint written: its metadata and the state files written with it.</summary>
    public long LastCheckpointBytes { get; private set; }

    /// <summary>
    /// The oldest state version a recovery from the durable checkpoints (the newest, or its fallback) starts from:
    /// inputs keep the positions of every batch from there, less what their readers look back. Null when no operator
    /// keeps state, so a recovery computes no batch again but those pending.
    /// </summary>
    public DateTimeOffset? ReplayFloor
        => _stateful.Count == 0 ? null : new DateTimeOffset(Interlocked.Read(ref _replayFloorTicks), TimeSpan.Zero);

    /// <summary>Reports <see cref="LastCheckpointBytes"/> on the gauge <c>sluice.checkpoint.size</c>, tagged with the checkpoint's location, until the writer completes.</summary>
    public void ReportSize()
    {
        _ = s_sizeGauge.Value; // one gauge for the process, observing every running writer
        s_running[this] = 0;
    }

    private void StopReportingSize() => s_running.TryRemove(this, out _);

    /// <summary>The oldest state version the metadata references now: the zero time for an operator with a partition never saved, which a recovery computes from the start.</summary>
    private DateTimeOffset OldestStateVersion()
        => _stateful.SelectMany(stream => Enumerable.Range(0, stream.PartitionCount)
                .Select(partition => _latest.TryGetValue((stream.Identity, partition), out var file) ? file.Version : _zeroTime))
            .DefaultIfEmpty(_zeroTime)
            .Min();

    /// <summary>After metadata was written: when it needs newer state than the last durable one, the older of the last two is what a recovery may need.</summary>
    private void AdvanceReplayFloor()
    {
        var oldest = OldestStateVersion();
        if (oldest > _generations.Last())
        {
            _generations.Enqueue(oldest);
            while (_generations.Count > 2)
            {
                _generations.Dequeue();
            }
        }

        Interlocked.Exchange(ref _replayFloorTicks, _generations.Peek().UtcTicks);
    }

    /// <summary>Tells the log (a failure first, then at most every <see cref="FailureLogInterval"/>), the counter and the listeners how a checkpoint went.</summary>
    private void Report(DateTimeOffset batchTime, long bytes, List<Exception> failures)
    {
        var location = _directory.Storage.Location;
        if (failures.Count == 0)
        {
            LastCheckpointBytes = bytes;
            if (_consecutiveFailures > 0)
            {
                CheckpointLog.WritingAgain(_logger, location, batchTime, _consecutiveFailures);
            }

            _consecutiveFailures = 0;
            Post(new CheckpointInfo(batchTime, location, bytes, null, 0, _clock.GetUtcNow()));
            return;
        }

        _consecutiveFailures++;
        s_failures.Add(1, new KeyValuePair<string, object?>("location", location));
        var error = failures.Count == 1 ? failures[0] : new AggregateException(failures);
        var message = string.Join(" ", failures.Select(failure => failure.Message).Distinct(StringComparer.Ordinal));
        if (_failureLog.ShouldLog(location, out var repeats))
        {
            CheckpointLog.WriteFailed(_logger, error, batchTime, location, repeats);
        }

        Post(new CheckpointInfo(batchTime, location, bytes, message, _consecutiveFailures, _clock.GetUtcNow()));
    }

    private void Post(CheckpointInfo info) => _listeners.Post(listener => listener.OnCheckpoint(info));
}
