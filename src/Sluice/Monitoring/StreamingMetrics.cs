using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Sluice.Monitoring;

/// <summary>
/// The counters and gauges Spark's streaming source exposes, on <see cref="SluiceMeter"/>, tagged with the
/// application's name: records received (when a batch is submitted) and processed (when it completes), batches
/// completed, waiting and running, the last completed batch's delays, and histograms of batch and job durations in
/// seconds. A listener, so it costs the batches nothing.
/// </summary>
internal sealed class StreamingMetrics : IStreamingListener
{
    private static readonly ConcurrentDictionary<StreamingMetrics, byte> s_live = new();
    private static readonly Counter<long> s_received = SluiceMeter.Meter.CreateCounter<long>("sluice.records.received", "{record}", "Records of the batches submitted so far.");
    private static readonly Counter<long> s_processed = SluiceMeter.Meter.CreateCounter<long>("sluice.records.processed", "{record}", "Records of the batches completed so far.");
    private static readonly Counter<long> s_completed = SluiceMeter.Meter.CreateCounter<long>("sluice.batches.completed", "{batch}", "Batches completed.");
    private static readonly Histogram<double> s_batchDuration = SluiceMeter.Meter.CreateHistogram<double>("sluice.batch.duration", "s", "From a batch's submission to the end of its last job (its total delay).");
    private static readonly Histogram<double> s_jobDuration = SluiceMeter.Meter.CreateHistogram<double>("sluice.job.duration", "s", "How long an output operation's job ran, tagged with the operation.");

    private readonly KeyValuePair<string, object?> _app;
    private long _waiting;
    private long _running;
    private BatchInfo? _last;

    static StreamingMetrics()
    {
        Gauge("sluice.batches.waiting", "{batch}", "Batches submitted and not started.", metrics => Interlocked.Read(ref metrics._waiting));
        Gauge("sluice.batches.running", "{batch}", "Batches started and not completed.", metrics => Interlocked.Read(ref metrics._running));
        Gauge("sluice.batch.scheduling_delay", "ms", "The last completed batch's wait for a job slot.", metrics => Milliseconds(metrics._last?.SchedulingDelay));
        Gauge("sluice.batch.processing_delay", "ms", "How long the last completed batch's jobs ran.", metrics => Milliseconds(metrics._last?.ProcessingDelay));
        Gauge("sluice.batch.total_delay", "ms", "The last completed batch's scheduling plus processing delay.", metrics => Milliseconds(metrics._last?.TotalDelay));
    }

    public StreamingMetrics(string appName) => _app = new("app", appName);

    /// <summary>Reports on the gauges from now until <see cref="Stop"/>.</summary>
    public void Start() => s_live[this] = 0;

    public void Stop() => s_live.TryRemove(this, out _);

    public void OnBatchSubmitted(BatchInfo batch)
    {
        s_received.Add(batch.NumRecords, _app);
        Interlocked.Increment(ref _waiting);
    }

    public void OnBatchStarted(BatchInfo batch)
    {
        Interlocked.Decrement(ref _waiting);
        Interlocked.Increment(ref _running);
    }

    public void OnBatchCompleted(BatchInfo batch)
    {
        Interlocked.Decrement(ref _running);
        s_processed.Add(batch.NumRecords, _app);
        s_completed.Add(1, _app);
        if (batch.TotalDelay is { } total)
        {
            s_batchDuration.Record(total.TotalSeconds, _app);
        }

        foreach (var operation in batch.OutputOperations.Values)
        {
            if (operation.Duration is { } duration)
            {
                s_jobDuration.Record(duration.TotalSeconds, _app, new("operation", operation.Name));
            }
        }

        Volatile.Write(ref _last, batch);
    }

    private static void Gauge(string name, string unit, string description, Func<StreamingMetrics, long> read)
        => SluiceMeter.Meter.CreateObservableGauge(name, () => s_live.Keys.Select(metrics => new Measurement<long>(read(metrics), metrics._app)), unit, description);

    private static long Milliseconds(TimeSpan? delay) => (long)(delay ?? TimeSpan.Zero).TotalMilliseconds;
}
