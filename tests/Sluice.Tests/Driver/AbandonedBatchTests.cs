using System.Collections.Concurrent;
using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Testing;

namespace Sluice.Tests.Driver;

/// <summary>A stop without grace cancels the batch in progress: it must not count as completed anywhere.</summary>
public sealed class AbandonedBatchTests : IDisposable
{
    private readonly string _checkpoint = Directory.CreateTempSubdirectory("sluice-abandoned-").FullName;

    public void Dispose() => Directory.Delete(_checkpoint, recursive: true);

    [Fact]
    public async Task ABatchCancelledByStop_IsNeitherCheckpointedNorReportedAsCompleted()
    {
        using var test = new StreamingTestContext();
        var completions = new CompletedBatches();
        test.Context.AddStreamingListener(completions);
        test.Context.Checkpoint(_checkpoint);
        var entered = new SemaphoreSlim(0);
        var sluice = test.Context.SluiceContext;
        var batches = 0;
        test.Context.QueueStream(new ConcurrentQueue<Rdd<int>>()).ForeachRdd(rdd =>
        {
            if (Interlocked.Increment(ref batches) == 2)
            {
                CancelledByTheStop.Run(sluice, entered);
            }
        });
        test.Context.Start();
        await test.RunBatchesAsync(1);
        await test.Context.CheckpointsWrittenAsync();
        var first = Assert.Single(completions.Batches);

        test.Clock.Advance(test.Context.BatchInterval);
        Assert.True(await entered.WaitAsync(StreamingTestContext.BatchTimeout), "The second batch did not start.");
        await Task.Run(() => test.Context.Stop(stopGracefully: false));

        Assert.Equal([first], completions.Batches);
        var summary = await CheckpointInspector.InspectAsync(CheckpointStorages.Open(_checkpoint));
        Assert.Equal(first, summary!.BatchTime);
    }

    [Fact]
    public async Task ABatchStillBeingGeneratedWhenAStopWithoutGraceEnds_IsDropped()
    {
        using var test = new StreamingTestContext();
        var completions = new CompletedBatches();
        test.Context.AddStreamingListener(completions);
        var entered = new SemaphoreSlim(0);
        var sluice = test.Context.SluiceContext;
        var generated = 0;
        var ran = 0;
        Thread? runner = null; // the one job runner (one concurrent job)
        test.Context.QueueStream(new ConcurrentQueue<Rdd<int>>())
            .Transform(rdd =>
            {
                if (Interlocked.Increment(ref generated) == 2)
                {
                    // Generating the second batch takes until the stop is well under way (as reading a slow source's
                    // offsets may): its jobs reach the runners as they are being ended, or after. The stop ends the
                    // runner only once generating is done, so the second wait gives up after a second.
                    entered.Release();
                    SpinWait.SpinUntil(() => sluice.IsDisposed);
                    SpinWait.SpinUntil(() => !runner!.IsAlive, TimeSpan.FromSeconds(1));
                }

                return rdd;
            })
            .ForeachRdd(_ =>
            {
                runner = Thread.CurrentThread;
                Interlocked.Increment(ref ran);
            });
        test.Context.Start();
        var first = (await test.RunBatchesAsync(1))[0].BatchTime;

        test.Clock.Advance(test.Context.BatchInterval);
        Assert.True(await entered.WaitAsync(StreamingTestContext.BatchTimeout), "The second batch was not generated.");
        await Task.Run(() => test.Context.Stop(stopGracefully: false));

        Assert.Equal(StreamingState.Stopped, test.Context.State);
        Assert.Equal([first], completions.Batches);
        Assert.Equal(1, ran);
    }
}
