using Sluice.RateControl;

namespace Sluice.Tests.RateControl;

public class PidRateEstimatorTests
{
    /// <summary>
    /// A source offering three times what the engine can process, one batch per second: each batch holds what the
    /// receiver's current rate lets in, takes records / capacity to process, and waits while the previous batch
    /// is still running. Returns the rate set after each batch.
    /// </summary>
    private static List<double> Simulate(double capacity, double offered, int batches, double initialRate)
    {
        var estimator = new PidRateEstimator(TimeSpan.FromSeconds(1), new BackpressureOptions());
        var start = DateTimeOffset.UnixEpoch;
        var rate = initialRate;
        var previousEnd = start;
        var rates = new List<double>();
        for (var k = 1; k <= batches; k++)
        {
            var time = start + TimeSpan.FromSeconds(k);
            var records = (long)Math.Min(offered, rate);
            var begin = time > previousEnd ? time : previousEnd;
            var processing = TimeSpan.FromSeconds(records / capacity);
            previousEnd = begin + processing;
            if (estimator.Compute(time, records, processing, begin - time) is { } newRate)
            {
                rate = newRate;
            }

            rates.Add(rate);
        }

        return rates;
    }

    [Theory]
    [InlineData(10_000, 1_000_000)]
    [InlineData(10_000, 1_000)]
    [InlineData(250_000, 30_000)]
    public void UnderThreeTimesOverload_ConvergesToTheProcessingRateWithin10PercentAfter20Batches(double capacity, double initialRate)
    {
        var rates = Simulate(capacity, offered: 3 * capacity, batches: 60, initialRate);
        Assert.All(rates.Skip(20), rate => Assert.InRange(rate, capacity * 0.9, capacity * 1.1));
    }

    [Fact]
    public void WithoutData_ReturnsNothing()
    {
        var estimator = new PidRateEstimator(TimeSpan.FromSeconds(1), new BackpressureOptions());
        Assert.Null(estimator.Compute(DateTimeOffset.UnixEpoch.AddSeconds(1), 0, TimeSpan.FromSeconds(1), TimeSpan.Zero));
        Assert.Null(estimator.Compute(DateTimeOffset.UnixEpoch.AddSeconds(2), 100, TimeSpan.Zero, TimeSpan.Zero));
        Assert.Null(estimator.Compute(DateTimeOffset.UnixEpoch.AddSeconds(3), 100, TimeSpan.FromSeconds(1), TimeSpan.Zero)); // first real batch: learns only
        Assert.NotNull(estimator.Compute(DateTimeOffset.UnixEpoch.AddSeconds(4), 100, TimeSpan.FromSeconds(1), TimeSpan.Zero));
        Assert.Null(estimator.Compute(DateTimeOffset.UnixEpoch.AddSeconds(4), 100, TimeSpan.FromSeconds(1), TimeSpan.Zero)); // not newer
    }

    [Fact]
    public void NeverGoesBelowTheMinimumRate()
    {
        var estimator = new PidRateEstimator(TimeSpan.FromSeconds(1), new BackpressureOptions { MinRate = 500 });
        estimator.Compute(DateTimeOffset.UnixEpoch.AddSeconds(1), 1_000_000, TimeSpan.FromSeconds(100), TimeSpan.Zero);
        var rate = estimator.Compute(DateTimeOffset.UnixEpoch.AddSeconds(2), 1_000_000, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(99));
        Assert.Equal(500, rate);
    }
}
