namespace Sluice.HttpStreams.Tests;

/// <summary>Waits of milliseconds between attempts, so a test sees the next request at once; the schedule itself is <see cref="ReconnectScheduleTests"/>'.</summary>
public static class QuickBackoff
{
    public static readonly ReconnectBackoff Value = new()
    {
        NetworkErrorStep = TimeSpan.FromMilliseconds(20),
        HttpErrorInitial = TimeSpan.FromMilliseconds(20),
        RateLimitInitial = TimeSpan.FromMilliseconds(20),
    };
}
