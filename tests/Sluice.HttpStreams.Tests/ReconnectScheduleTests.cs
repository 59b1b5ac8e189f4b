namespace Sluice.HttpStreams.Tests;

/// <summary>The default waits are X's documented schedule: network errors linear from 250 ms to 16 s, HTTP errors doubling from 5 s to 320 s, 429 doubling from a minute; a success starts over.</summary>
public sealed class ReconnectScheduleTests
{
    [Fact]
    public void NetworkErrors_BackOffLinearly_By250Ms_UpTo16Seconds()
    {
        var schedule = new ReconnectSchedule(new ReconnectBackoff());
        var waits = Enumerable.Range(0, 70).Select(_ => schedule.AfterNetworkError().TotalMilliseconds).ToList();
        Assert.Equal([250, 500, 750, 1000], waits.Take(4));
        Assert.Equal(16000, waits[63]);
        Assert.Equal(16000, waits[^1]);
    }

    [Fact]
    public void HttpErrors_BackOffExponentially_From5Seconds_UpTo320_AndRateLimitsFromAMinute()
    {
        var schedule = new ReconnectSchedule(new ReconnectBackoff());
        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 320], Enumerable.Range(0, 8).Select(_ => schedule.AfterHttpError().TotalSeconds));
        Assert.Equal([60, 120, 240, 480, 960, 960], Enumerable.Range(0, 6).Select(_ => schedule.AfterRateLimit(null).TotalSeconds));
    }

    [Fact]
    public void ALongerWaitTheServerAsksFor_Wins_AndASuccessStartsOver()
    {
        var schedule = new ReconnectSchedule(new ReconnectBackoff());
        Assert.Equal(TimeSpan.FromMinutes(15), schedule.AfterRateLimit(TimeSpan.FromMinutes(15)));
        Assert.Equal(TimeSpan.FromMinutes(2), schedule.AfterRateLimit(TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(3), schedule.AfterNetworkError(TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromMilliseconds(500), schedule.AfterNetworkError(TimeSpan.Zero));
        schedule.AfterHttpError();
        schedule.AfterNetworkError();

        schedule.Connected();

        Assert.Equal(TimeSpan.FromMinutes(1), schedule.AfterRateLimit(null));
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.AfterHttpError());
        Assert.Equal(TimeSpan.FromMilliseconds(250), schedule.AfterNetworkError());
    }
}
