namespace Sluice.RateControl;

/// <summary>
/// Limits how fast a receiver stores records: a token bucket refilled at <see cref="Rate"/> tokens per second on
/// the context clock, holding at most one second's worth. <see cref="Acquire"/> blocks the receiving thread
/// until enough tokens are there, which pushes back on the source (a TCP sender's window fills up).
/// </summary>
internal sealed class TokenBucketRateLimiter(TimeProvider clock, double rate)
{
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

                // Rounded up to a whole tick: a shortfall of a rounding error would otherwise give a zero wait, and
                // the loop would spin without the clock moving.
                var seconds = (Math.Min(count, _rate) - _tokens) / _rate;
                wait = TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling(seconds * TimeSpan.TicksPerSecond)));
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
