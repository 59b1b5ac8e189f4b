using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Sluice.RateControl;
using Sluice.Testing;

namespace Sluice.Tests.RateControl;

public class TokenBucketRateLimiterTests
{
    /// <summary>The manual clock, recording how long each timer it creates waits.</summary>
    private sealed class RecordingClock : TimeProvider
    {
        private readonly FakeTimeProvider _inner = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        public BlockingCollection<TimeSpan> Waits { get; } = [];

        public override long TimestampFrequency => _inner.TimestampFrequency;

        public override long GetTimestamp() => _inner.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

        public void Advance(TimeSpan step) => _inner.Advance(step);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = _inner.CreateTimer(callback, state, dueTime, period);
            Waits.Add(dueTime);
            return timer;
        }
    }

    [Fact]
    public async Task Acquire_WaitsAtLeastTheMinimum_SoTheTokensOfSeveralCallsGather()
    {
        var clock = new RecordingClock();
        var limiter = new TokenBucketRateLimiter(clock, rate: 1000);
        limiter.Acquire(1000, CancellationToken.None); // the bucket's first second, at once

        // One token short: a millisecond's worth. The limiter waits 5 ms instead, and the next four calls find
        // their tokens already there, with no wait (no timer) of their own.
        var acquiring = Task.Factory.StartNew(() => limiter.Acquire(1, CancellationToken.None), TaskCreationOptions.LongRunning);
        Assert.True(clock.Waits.TryTake(out var wait, StreamingTestContext.BatchTimeout), "The limiter did not wait for its token.");
        Assert.Equal(TimeSpan.FromMilliseconds(5), wait);
        clock.Advance(TimeSpan.FromMilliseconds(5));
        await acquiring.WaitAsync(StreamingTestContext.BatchTimeout); // returns once the wait is over

        for (var call = 0; call < 4; call++)
        {
            limiter.Acquire(1, CancellationToken.None);
        }

        Assert.Empty(clock.Waits);
    }
}
