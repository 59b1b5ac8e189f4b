using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sluice.Datasets;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Tests.Driver;

/// <summary>
/// <c>StopAsync</c>, as a host calls it at shutdown: a graceful stop that waits for the running batch, and that its
/// token (the host's shutdown timeout) turns into an immediate one.
/// </summary>
public sealed class StopAsyncTests
{
    [Fact]
    public async Task AGracefulStop_WaitsForTheRunningBatch()
    {
        using var test = new StreamingTestContext();
        var completions = new CompletedBatches();
        test.Context.AddStreamingListener(completions);
        var entered = new SemaphoreSlim(0);
        var release = new SemaphoreSlim(0);
        test.Context.QueueStream(new ConcurrentQueue<Rdd<int>>()).ForeachRdd(_ =>
        {
            entered.Release();
            release.Wait();
        });
        test.Context.Start();
        test.Clock.Advance(test.Context.BatchInterval);
        Assert.True(await entered.WaitAsync(StreamingTestContext.BatchTimeout), "The batch did not start.");

        var stopping = test.Context.StopAsync(stopGracefully: true);
        Assert.False(stopping.IsCompleted); // the batch is still running
        release.Release();
        await stopping.WaitAsync(StreamingTestContext.BatchTimeout);

        Assert.Equal(StreamingState.Stopped, test.Context.State);
        Assert.Single(completions.Batches);
    }

    [Fact]
    public async Task AGracefulStopCutShortByItsToken_CancelsTheRunningBatch_AndSaysSo()
    {
        var logs = new LogCollector();
        using var test = new StreamingTestContext(configure: options => options.LoggerFactory = logs);
        var completions = new CompletedBatches();
        test.Context.AddStreamingListener(completions);
        var entered = new SemaphoreSlim(0);
        var sluice = test.Context.SluiceContext;
        test.Context.QueueStream(new ConcurrentQueue<Rdd<int>>()).ForeachRdd(_ => CancelledByTheStop.Run(sluice, entered));
        test.Context.Start();
        test.Clock.Advance(test.Context.BatchInterval);
        Assert.True(await entered.WaitAsync(StreamingTestContext.BatchTimeout), "The batch did not start.");

        using var shutdownTimeout = new CancellationTokenSource();
        var stopping = test.Context.StopAsync(stopGracefully: true, shutdownTimeout.Token);
        await shutdownTimeout.CancelAsync();
        await stopping.WaitAsync(StreamingTestContext.BatchTimeout);

        Assert.Equal(StreamingState.Stopped, test.Context.State);
        Assert.Empty(completions.Batches);
        Assert.Contains(logs.Messages(LogLevel.Warning), message => message.StartsWith("The graceful stop was cut short before every batch completed", StringComparison.Ordinal));
    }
}
