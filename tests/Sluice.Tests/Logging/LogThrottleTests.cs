using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Sluice.Logging;

namespace Sluice.Tests.Logging;

public sealed class LogThrottleTests
{
    [Fact]
    public void ARecurringMessage_IsLetThroughFirst_ThenOncePerInterval_WithHowOftenItRecurredMeanwhile()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var throttle = new LogThrottle(clock, TimeSpan.FromSeconds(5));
        var logged = new List<(int Second, string Suffix)>();
        for (var second = 0; second <= 11; second++)
        {
            if (throttle.ShouldLog("refused", out var suffix))
            {
                logged.Add((second, suffix));
            }

            if (second == 3)
            {
                Assert.True(throttle.ShouldLog("another message", out var other)); // each message on its own
                Assert.Equal("", other);
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var since = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).ToLocalTime();
        Assert.Equal(
            [(0, ""), (5, string.Create(CultureInfo.InvariantCulture, $" (and 4 more times since {since:HH:mm:ss})")), (10, string.Create(CultureInfo.InvariantCulture, $" (and 4 more times since {since.AddSeconds(5):HH:mm:ss})"))],
            logged);
    }
}
