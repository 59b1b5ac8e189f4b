namespace Sluice.Driver;

/// <summary>
/// Calls back at every multiple of a period from a start time, on the injected clock. Each tick reports the
/// scheduled time, not the clock's reading, so batch times stay on the grid however late the timer fires; a late
/// timer catches up with one callback per missed time.
/// </summary>
internal sealed class RecurringTimer(TimeProvider clock, TimeSpan period, Action<DateTimeOffset> onTick) : IDisposable
{
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private DateTimeOffset _next;
    private bool _stopped;

    public void Start(DateTimeOffset first)
    {
        lock (_gate)
        {
            _next = first;

            // Created disarmed, then armed: a first time already due (a recovery catching up) may fire inside
            // Change on this very thread, and Tick needs the timer assigned.
            _timer = clock.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(DueIn(), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops the timer; no callback starts after this returns.</summary>
    /// <returns>The last time reported, or the time before the first if none was.</returns>
    public DateTimeOffset Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
            return _next - period;
        }
    }

    public void Dispose() => Stop();

    private void Tick()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var now = clock.GetUtcNow();
            while (_next <= now)
            {
                onTick(_next);
                _next += period;
            }

            _timer!.Change(DueIn(), Timeout.InfiniteTimeSpan);
        }
    }

    private TimeSpan DueIn()
    {
        var due = _next - clock.GetUtcNow();
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }
}
