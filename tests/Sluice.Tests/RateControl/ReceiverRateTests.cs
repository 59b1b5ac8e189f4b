using System.Buffers;
using Sluice.Serialization;
using Sluice.Sources;
using Sluice.Testing;

namespace Sluice.Tests.RateControl;

public class ReceiverRateTests
{
    /// <summary>Stores from its own thread as fast as it is allowed, until stopped.</summary>
    private sealed class Firehose : Receiver<int>
    {
        public override void OnStart()
            => new Thread(() =>
            {
                try
                {
                    for (var i = 0; !IsStopped; i++)
                    {
                        Store(i);
                    }
                }
                catch (InvalidOperationException) when (IsStopped)
                {
                    // Stopped between the check and the store.
                }
            }) { IsBackground = true }.Start();

        public override void OnStop()
        {
        }
    }

    /// <summary>Stores lines as the socket text receiver does, a thousand at a time as bytes, as fast as it is allowed.</summary>
    private sealed class EncodedFirehose : Receiver<string>
    {
        public override void OnStart()
        {
            var lines = new ArrayBufferWriter<byte>();
            var codec = RecordCodecs.Default<string>();
            for (var i = 0; i < 1000; i++)
            {
                codec.Write($"line {i}", lines);
            }

            new Thread(() =>
            {
                try
                {
                    while (!IsStopped)
                    {
                        StoreEncoded(lines.WrittenSpan, 1000);
                    }
                }
                catch (InvalidOperationException) when (IsStopped)
                {
                    // Stopped between the check and the store.
                }
            }) { IsBackground = true }.Start();
        }

        public override void OnStop()
        {
        }
    }

    private sealed class Burst(int count) : Receiver<int>
    {
        public override void OnStart() => Store(Enumerable.Range(0, count));

        public override void OnStop()
        {
        }
    }

    [Fact]
    public async Task ReceiverMaxRate_BoundsWhatEachBatchCanHold()
    {
        using var test = new StreamingTestContext(configure: o => o.ReceiverMaxRate = 100);
        var sizes = test.Collect(test.Context.ReceiverStream(new Firehose()).Count());
        await test.RunBatchesAsync(5);

        // The bucket starts with one second of tokens and refills 100 per second of the (manual) clock.
        Assert.All(sizes.Batches, batch => Assert.InRange(batch[0], 0, 200));
        Assert.InRange(sizes.All.Sum(), 0, 100 + (5 * 100));
    }

    [Fact]
    public async Task ReceiverMaxRate_CountsLinesStoredAsBytesOneByOne()
    {
        using var test = new StreamingTestContext(configure: o => o.ReceiverMaxRate = 100);
        var sizes = test.Collect(test.Context.ReceiverStream(new EncodedFirehose()).Count());
        await test.RunBatchesAsync(5);

        // As for records stored one at a time: a thousand lines of one read do not pass at once.
        Assert.All(sizes.Batches, batch => Assert.InRange(batch[0], 0, 200));
        Assert.InRange(sizes.All.Sum(), 0, 100 + (5 * 100));
    }

    [Fact]
    public async Task Backpressure_BoundsTheFirstBatchesByTheInitialRate()
    {
        using var test = new StreamingTestContext(configure: o =>
        {
            o.BackpressureEnabled = true;
            o.BackpressureInitialRate = 50;
        });
        var sizes = test.Collect(test.Context.ReceiverStream(new Firehose()).Count());
        await test.RunBatchesAsync(3);
        Assert.InRange(sizes.All.Sum(), 0, 50 + (3 * 50));
    }

    [Fact]
    public async Task BatchInfo_ReportsRecordsPerReceiverStream()
    {
        using var test = new StreamingTestContext(configure: o => o.Master = "local[3]");
        var first = test.Context.ReceiverStream(new Burst(1000));
        var second = test.Context.ReceiverStream(new Burst(7));
        test.Collect(first.Union(second));
        var infos = await test.RunBatchesAsync(2);
        Assert.Equal(1007, infos[0].NumRecords);
        Assert.Equal(new Dictionary<int, long> { [first.Id] = 1000, [second.Id] = 7 }, infos[0].InputRecords);
        Assert.Equal(0, infos[1].NumRecords);
    }

    [Theory]
    [InlineData(-1.0, 1.0)]
    [InlineData(0.0, 0.0)]
    public void Options_InvalidRates_AreRejected(double maxRate, double initialRate)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingContext(
            new StreamingContextOptions { ReceiverMaxRate = maxRate, BackpressureInitialRate = initialRate }, TimeSpan.FromSeconds(1)));
}
