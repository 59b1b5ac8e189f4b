using Sluice.Checkpointing;
using Sluice.Monitoring;
using Sluice.Sources;
using Sluice.Testing;

namespace Sluice.Tests.Sources;

/// <summary>
/// Batches generated while an earlier one still runs are pending in the checkpoint written when it completes: a
/// recovery runs them again on their recorded positions, so a direct input keeps those positions until the batches
/// complete (it once kept only the newest batch's, and a recovery failed with "no longer recorded").
/// </summary>
public sealed class PendingBatchPositionsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-pending-positions-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Each batch reads its own number.</summary>
    private sealed class NumberedSource(StreamingContext context) : DirectInputDStream<long, long>(context, "numbered")
    {
        private long _next;

        protected override IReadOnlyList<long> Plan(DateTimeOffset batchTime) => [_next++];

        protected override IEnumerable<long> Read(long position, int attempt, CancellationToken cancellationToken) => [position];
    }

    /// <summary>Completes once <paramref name="count"/> batches were submitted.</summary>
    private sealed class Submitted(int count) : IStreamingListener
    {
        private int _submitted;

        public TaskCompletionSource All { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnBatchSubmitted(BatchInfo batch)
        {
            if (Interlocked.Increment(ref _submitted) >= count)
            {
                All.TrySetResult();
            }
        }
    }

    [Fact]
    public async Task BatchesQueuedBehindASlowOne_AreInTheCheckpointWithTheirPositions()
    {
        var directory = Path.Combine(_root, "checkpoint");
        using var gate = new SemaphoreSlim(0);
        using var test = new StreamingTestContext();
        test.Context.Checkpoint(directory);
        new NumberedSource(test.Context).ForeachRdd(rdd =>
        {
            rdd.Collect();
            gate.Wait(); // every batch waits for its turn
        });
        var submitted = new Submitted(8);
        test.Context.AddStreamingListener(submitted);
        try
        {
            test.Context.Start();
            for (var batch = 0; batch < 8; batch++)
            {
                test.Clock.Advance(TimeSpan.FromSeconds(1));
            }

            await submitted.All.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the first runs, the next seven are queued

            gate.Release(); // the first completes; the second starts, and waits
            await WaitForCheckpointAsync(directory);
            var summary = await CheckpointInspector.InspectAsync(new LocalCheckpointStorage(directory));

            Assert.Equal(7, summary!.PendingBatches.Count);
            var numbered = Assert.Single(summary.Sources);
            Assert.True(numbered.Batches >= 7 && numbered.FirstBatch <= summary.PendingBatches.Min(), $"The checkpoint lists batches {string.Join(", ", summary.PendingBatches)} as pending, but records positions of {numbered.Batches} batch(es) from {numbered.FirstBatch}.");
        }
        finally
        {
            gate.Release(10); // else stopping waits for ever on the held batches
        }
    }

    private static async Task WaitForCheckpointAsync(string directory)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        // The first metadata file is the one written at start; the second is the first batch's.
        while (!Directory.Exists(directory) || Directory.GetFiles(directory, "metadata-*").Length < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "No checkpoint within 30 s of the first batch's completion.");
            await Task.Delay(10);
        }
    }
}
