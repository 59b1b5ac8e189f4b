namespace Sluice.RateControl;

/// <summary>
/// Limits how fast a receiver stores records: a token bucket refilled at <see cref="Rate"/> tokens per second on
/// the context clock, holding at most one second's worth. <see cref="Acquire"/> blocks the receiving thread
/// until enough tokens are there, which pushes back on the source (a TCP sender's window fills up).
/// </summary>
internal sealed class TokenBucketRateLimiter(TimeProvider clock, double rate)
{
    /// <summary>
    /// The shortest wait. Each wait costs a timer and a wake-up of the receiving thread; a socket receiver held just
    /// under its rate, waiting only for each read's shortfall, waited a tenth of a millisecond at a time, 5,000 times a
    /// second. Waiting at least this long lets the tokens of several reads gather: at most 200 waits a second, and the
    /// same rate over a block.
    /// </summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(5);

    private readonly Lock _gate = new();
    private double _rate = rate;
    private double _tokens = rate;
    private long _lastRefill = clock.GetTimestamp();

    /// <summary>Records per second; 0 or less means unlimited. May change while receiving (back-pressure).</summary>
    public double Rate
    {
        get => Volatile.Read(ref _rate);
        set
        {
            lock (_gate)
            {
                Refill();
                _rate = value;
                _tokens = Math.Min(_tokens, Math.Max(value, 1));
            }
        }
    }

    /// <summary>Takes <paramref name="count"/> tokens, waiting on the clock until they have accumulated.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public void Acquire(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                if (_rate <= 0)
                {
                    return;
                }

                Refill();

                // A request larger than the bucket may take it below zero: it pays its debt before the next one.
                if (_tokens >= Math.Min(count, _rate))
                {
                    _tokens -= count;
                    return;
                }

                // Never less than the minimum wait, which also keeps a shortfall of a rounding error from giving a
                // zero wait, and the loop from spinning without the clock moving.
                var seconds = (Math.Min(count, _rate) - _tokens) / _rate;
                wait = TimeSpan.FromTicks(Math.Max(MinimumWait.Ticks, (long)Math.Ceiling(seconds * TimeSpan.TicksPerSecond)));
            }

            using var elapsed = new ManualResetEventSlim();
            using var timer = clock.CreateTimer(static state => ((ManualResetEventSlim)state!).Set(), elapsed, wait, Timeout.InfiniteTimeSpan);
            elapsed.Wait(cancellationToken);
        }
    }

    private void Refill()
    {
        var now = clock.GetTimestamp();
        var seconds = clock.GetElapsedTime(_lastRefill, now).TotalSeconds;
        _lastRefill = now;
        _tokens = Math.Min(_tokens + (seconds * _rate), Math.Max(_rate, 1));
    }
}
