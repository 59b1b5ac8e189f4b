using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Tests.Streams;

/// <summary>Under <see cref="BatchFailurePolicy.StopContext"/>, the first failed batch is the last: the batch times already due are not generated only to fail alike.</summary>
public sealed class BatchFailureStopTests
{
    [Fact]
    public async Task AFailedGeneration_StopsGeneratingAtOnce_EvenWithBatchTimesQueued()
    {
        using var test = new StreamingTestContext();
        var generated = 0;
        test.Input<int>([[1], [2], [3], [4], [5], [6]])
            .Transform((rdd, time) => Interlocked.Increment(ref generated) >= 2 ? throw new InvalidOperationException("the source is gone") : rdd)
            .ForeachRdd(rdd => rdd.Count());
        await test.RunBatchesAsync(1);

        test.Clock.Advance(TimeSpan.FromSeconds(5)); // five batch times due at once: the timer queues them all
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => test.Context.AwaitTerminationAsync());
        Assert.Contains("the source is gone", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, generated);
    }

    [Fact]
    public async Task StartingTwice_ChangesNothing_ButSaysSo()
    {
        var logs = new LogCollector();
        using var test = new StreamingTestContext(configure: options => options.LoggerFactory = logs);
        test.Input<int>([[1]]).ForeachRdd(rdd => rdd.Count());
        await test.RunBatchesAsync(1);
        test.Context.Start();
        Assert.Equal(StreamingState.Active, test.Context.State);
        Assert.Contains("Start() was called on a StreamingContext that is already running; nothing changed", logs.Messages());
    }
}
