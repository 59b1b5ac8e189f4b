using Microsoft.Extensions.Logging;
using Sluice.Monitoring;

namespace Sluice.Driver;

/// <summary>
/// Says when batches fall behind: a batch that waited ten intervals (and at least 10 s) to start means processing
/// is slower than the input, and what receivers took waits in memory, growing, until it catches up. Spark only
/// shows the delay on its UI; a user whose process grows by gigabytes needs to read why, and what to change. The
/// warning repeats at most once a minute while it lasts, and a batch that starts within an interval again ends it.
/// The listener bus delivers its events one at a time, in order, so its state needs no lock.
/// </summary>
internal sealed partial class FallingBehindWatch(TimeSpan batchInterval, bool backpressure, TimeProvider clock, ILogger logger) : IStreamingListener
{
    private static readonly TimeSpan RepeatEvery = TimeSpan.FromMinutes(1);
    private readonly TimeSpan _threshold = TimeSpan.FromTicks(Math.Max(batchInterval.Ticks * 10, TimeSpan.FromSeconds(10).Ticks));
    private readonly Dictionary<DateTimeOffset, long> _waiting = []; // submitted, not completed: the records their inputs counted
    private DateTimeOffset? _warnedAt;

    public void OnBatchSubmitted(BatchInfo batch) => _waiting[batch.BatchTime] = batch.NumRecords;

    public void OnBatchCompleted(BatchInfo batch)
    {
        _waiting.Remove(batch.BatchTime);
        if (batch.SchedulingDelay is not { } delay)
        {
            return;
        }

        if (delay >= _threshold)
        {
            var now = clock.GetUtcNow();
            if (_warnedAt is { } last && now - last < RepeatEvery)
            {
                return;
            }

            _warnedAt = now;
            FallingBehind(
                logger,
                batch.BatchTime,
                Seconds(delay),
                Seconds(batch.ProcessingDelay ?? TimeSpan.Zero),
                Seconds(batchInterval),
                _waiting.Count,
                _waiting.Values.Sum() is > 0 and var records ? $" ({records:N0} records counted by their inputs)" : "",
                backpressure ? "Backpressure is on, so the input itself is more than these cores process at its lowest rate: lengthen the interval, or give it more cores or executors." : "Turn on backpressure (StreamingContextOptions.BackpressureEnabled, sluice --backpressure) or cap the rate (ReceiverMaxRate, MaxRatePerPartition, --max-rate), or lengthen the interval or give it more cores.");
        }
        else if (_warnedAt is not null && delay < batchInterval)
        {
            _warnedAt = null;
            CaughtUp(logger, batch.BatchTime, Seconds(delay));
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture) + " s";

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Batches are falling behind: batch {Time:O} waited {Delay} to start, its processing took {Processing}, and a batch comes every {Interval}. {Batches} batches{Records} wait to be processed, and what receivers took waits in memory until then. {Advice}")]
    private static partial void FallingBehind(ILogger logger, DateTimeOffset time, string delay, string processing, string interval, int batches, string records, string advice);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Batches have caught up: batch {Time:O} started {Delay} after its time")]
    private static partial void CaughtUp(ILogger logger, DateTimeOffset time, string delay);
}
