namespace Sluice.RateControl;

/// <summary>
/// Spark's PID rate estimator: after each batch, a new ingestion rate from how fast the batch was processed
/// (proportional term), how much delay has built up (integral term, from the scheduling delay) and how fast the
/// error changes (derivative term). The default gains are Spark's: 1.0, 0.2, 0.0, minimum rate 100 records/s.
/// </summary>
internal sealed class PidRateEstimator(TimeSpan batchInterval, BackpressureOptions options)
{
    private readonly double _batchIntervalMs = batchInterval.TotalMilliseconds;
    private bool _firstRun = true;
    private DateTimeOffset _latestTime = DateTimeOffset.MinValue;
    private double _latestRate = -1;
    private double _latestError = -1;

    /// <summary>The new rate in records per second, or <see langword="null"/> when there is nothing to learn from this batch.</summary>
    /// <param name="time">The batch time.</param>
    /// <param name="records">How many records the batch held.</param>
    /// <param name="processingDelay">How long the batch took to process.</param>
    /// <param name="schedulingDelay">How long the batch waited before processing.</param>
    public double? Compute(DateTimeOffset time, long records, TimeSpan processingDelay, TimeSpan schedulingDelay)
    {
        if (time <= _latestTime || records <= 0 || processingDelay <= TimeSpan.Zero)
        {
            return null;
        }

        var secondsSinceUpdate = _firstRun ? 0 : (time - _latestTime).TotalSeconds;
        var processingRate = records / processingDelay.TotalSeconds;
        _latestTime = time;
        if (_firstRun)
        {
            _latestRate = processingRate;
            _latestError = 0;
            _firstRun = false;
            return null;
        }

        var error = _latestRate - processingRate;

        // The records left over from earlier batches, as a rate: what the scheduling delay says is still queued.
        var historicalError = schedulingDelay.TotalMilliseconds * processingRate / _batchIntervalMs;
        var errorChange = (error - _latestError) / secondsSinceUpdate;
        var newRate = Math.Max(
            _latestRate - (options.Proportional * error) - (options.Integral * historicalError) - (options.Derivative * errorChange),
            options.MinRate);
        _latestRate = newRate;
        _latestError = error;
        return newRate;
    }
}
