using System.Collections.Concurrent;
using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Monitoring;
using Sluice.Testing;

namespace Sluice.Tests.Driver;

/// <summary>A stop without grace cancels the batch in progress: it must not count as completed anywhere.</summary>
public sealed class AbandonedBatchTests : IDisposable
{
    private readonly string _checkpoint = Directory.CreateTempSubdirectory("sluice-abandoned-").FullName;

    public void Dispose() => Directory.Delete(_checkpoint, recursive: true);

    private sealed class Completions : IStreamingListener
    {
        public ConcurrentQueue<DateTimeOffset> Batches { get; } = new();

        public void OnBatchCompleted(BatchInfo batch) => Batches.Enqueue(batch.BatchTime);
    }

    [Fact]
    public async Task ABatchCancelledByStop_IsNeitherCheckpointedNorReportedAsCompleted()
    {
        using var test = new StreamingTestContext();
        var completions = new Completions();
        test.Context.AddStreamingListener(completions);
        test.Context.Checkpoint(_checkpoint);
        var entered = new SemaphoreSlim(0);
        var sluice = test.Context.SluiceContext;
        var batches = 0;
        test.Context.QueueStream(new ConcurrentQueue<Rdd<int>>()).ForeachRdd(rdd =>
        {
            if (Interlocked.Increment(ref batches) == 2)
            {
                entered.Release();

                // Until the stop has cancelled the jobs (the dataset engine is disposed after the runners are told
                // to abandon theirs): the job then ends as a cancelled one does.
                SpinWait.SpinUntil(() => sluice.IsDisposed);
                throw new OperationCanceledException("cancelled by the stop");
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
}
