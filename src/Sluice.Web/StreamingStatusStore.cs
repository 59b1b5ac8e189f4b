using Sluice.Monitoring;
using Sluice.Web.Api;

namespace Sluice.Web;

/// <summary>
/// What the UI and the REST API show, kept up to date from listener events: the batches waiting and running, the
/// last <c>retained</c> completed ones, the receivers and the totals. Readers take snapshots under a lock.
/// </summary>
internal sealed class StreamingStatusStore(TimeSpan batchInterval, int retained, Func<string, string?>? executorHost = null) : IStreamingListener
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<DateTimeOffset, BatchInfo> _active = [];
    private readonly Queue<BatchInfo> _completed = new();
    private readonly SortedDictionary<int, ReceiverInfo> _receivers = [];
    private readonly Dictionary<int, ReceiverInfo> _lastErrors = []; // kept after a restart, as Spark's "last error"
    private readonly SortedDictionary<int, InputErrorInfo> _inputErrors = [];
    private CheckpointInfo? _lastWritten;
    private CheckpointInfo? _lastCheckpoint;
    private DateTimeOffset? _startTime;
    private long _totalCompleted;
    private long _processedRecords;
    private long _receivedRecords;

    public void OnStreamingStarted(DateTimeOffset time)
    {
        lock (_gate)
        {
            _startTime = time;
        }
    }

    public void OnBatchSubmitted(BatchInfo batch)
    {
        lock (_gate)
        {
            _active[batch.BatchTime] = batch;
            _receivedRecords += batch.NumRecords;
        }
    }

    public void OnBatchStarted(BatchInfo batch)
    {
        lock (_gate)
        {
            _active[batch.BatchTime] = batch; // now with its processing start
        }
    }

    public void OnOutputOperationStarted(OutputOperationInfo operation) => UpdateOperation(operation);

    public void OnOutputOperationCompleted(OutputOperationInfo operation) => UpdateOperation(operation);

    public void OnBatchCompleted(BatchInfo batch)
    {
        lock (_gate)
        {
            _active.Remove(batch.BatchTime);
            _completed.Enqueue(batch);
            while (_completed.Count > retained)
            {
                _completed.Dequeue();
            }

            _totalCompleted++;
            _processedRecords += batch.NumRecords;
        }
    }

    public void OnReceiverStarted(ReceiverInfo receiver) => UpdateReceiver(receiver);

    public void OnReceiverError(ReceiverInfo receiver) => UpdateReceiver(receiver);

    public void OnReceiverStopped(ReceiverInfo receiver) => UpdateReceiver(receiver);

    public void OnCheckpoint(CheckpointInfo checkpoint)
    {
        lock (_gate)
        {
            _lastCheckpoint = checkpoint;
            _lastWritten = checkpoint.Succeeded ? checkpoint : _lastWritten;
        }
    }

    public void OnInputError(InputErrorInfo input)
    {
        lock (_gate)
        {
            _inputErrors[input.StreamId] = input;
        }
    }

    public HealthStatus Health()
    {
        lock (_gate)
        {
            var checkpoint = _lastCheckpoint is { } last
                ? new CheckpointHealth(
                    last.Location,
                    last.Succeeded,
                    last.ConsecutiveFailures,
                    _lastWritten?.BatchTime,
                    _lastWritten?.Time,
                    _lastWritten?.Bytes,
                    last.Succeeded ? null : last.Time,
                    last.Failure)
                : null;
            return new HealthStatus(checkpoint, [.. _inputErrors.Values.Select(error => new InputErrorStatus(error.StreamId, error.Stream, error.Time, error.Message))]);
        }
    }

    public StreamingStatistics Statistics()
    {
        lock (_gate)
        {
            var completed = _completed.ToList();
            var active = _receivers.Values.Count(receiver => receiver.Active);
            return new StreamingStatistics(
                _startTime,
                (long)batchInterval.TotalMilliseconds,
                _receivers.Count,
                active,
                _receivers.Count - active,
                _totalCompleted,
                completed.Count,
                _active.Count,
                _processedRecords,
                _receivedRecords,
                completed.Count == 0 ? null : completed.Average(batch => batch.NumRecords / batchInterval.TotalSeconds),
                Average(completed, batch => batch.SchedulingDelay),
                Average(completed, batch => batch.ProcessingDelay),
                Average(completed, batch => batch.TotalDelay));
        }
    }

    /// <summary>Every batch known, newest first: waiting and running ones, then the retained completed ones.</summary>
    public IReadOnlyList<(BatchInfo Batch, string Status)> Batches()
    {
        lock (_gate)
        {
            return [.. _active.Values.Reverse().Select(batch => (batch, batch.ProcessingStartTime is null ? "QUEUED" : "PROCESSING")),
                .. _completed.Reverse().Select(batch => (batch, "COMPLETED"))];
        }
    }

    public IReadOnlyList<ReceiverStatus> Receivers()
    {
        lock (_gate)
        {
            return [.. _receivers.Values.Select(receiver =>
            {
                var error = _lastErrors.GetValueOrDefault(receiver.StreamId);
                var rates = _completed.Where(batch => batch.InputRecords.ContainsKey(receiver.StreamId))
                    .Select(batch => new[] { batch.BatchTime.ToUnixTimeMilliseconds(), batch.InputRecords[receiver.StreamId] / batchInterval.TotalSeconds })
                    .ToList();
                return new ReceiverStatus(
                    receiver.StreamId,
                    receiver.Name,
                    receiver.Active,
                    receiver.Location ?? "driver",
                    receiver.Location is { } executor ? executorHost?.Invoke(executor) ?? "unknown" : "127.0.0.1",
                    error?.Time,
                    error?.LastError?.ToString(),
                    error?.LastErrorMessage,
                    rates.Count == 0 ? null : rates.Average(rate => rate[1]),
                    rates);
            })];
        }
    }

    private void UpdateOperation(OutputOperationInfo operation)
    {
        lock (_gate)
        {
            if (_active.TryGetValue(operation.BatchTime, out var batch))
            {
                var operations = new Dictionary<int, OutputOperationInfo>(batch.OutputOperations) { [operation.Id] = operation };
                _active[operation.BatchTime] = batch with { OutputOperations = operations };
            }
        }
    }

    private void UpdateReceiver(ReceiverInfo receiver)
    {
        lock (_gate)
        {
            _receivers[receiver.StreamId] = receiver;
            if (receiver.LastErrorMessage is not null)
            {
                _lastErrors[receiver.StreamId] = receiver;
            }
        }
    }

    private static double? Average(List<BatchInfo> batches, Func<BatchInfo, TimeSpan?> delay)
    {
        var values = batches.Select(delay).OfType<TimeSpan>().ToList();
        return values.Count == 0 ? null : values.Average(value => value.TotalMilliseconds);
    }
}
