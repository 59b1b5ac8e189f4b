using Sluice.Checkpointing;
using Sluice.Sources;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Tests.Sources;

/// <summary>
/// <see cref="DirectInputDStream{T, TPosition}.OnCheckpointed"/>, where a source acknowledges batches to its own
/// system: called only once a checkpoint recording the batch is durable, never before, and never without a checkpoint.
/// </summary>
public sealed class CheckpointedHookTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-checkpointed-hook-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Each batch reads its own number; remembers which batches it was told a checkpoint records.</summary>
    private sealed class NumberedSource(StreamingContext context) : DirectInputDStream<long, long>(context, "numbered")
    {
        private long _next;

        public List<DateTimeOffset> Checkpointed { get; } = [];

        protected override IReadOnlyList<long> Plan(DateTimeOffset batchTime) => [_next++];

        protected override IEnumerable<long> Read(long position, int attempt, CancellationToken cancellationToken) => [position];

        protected override void OnCheckpointed(DateTimeOffset batchTime)
        {
            lock (Checkpointed)
            {
                Checkpointed.Add(batchTime);
            }
        }

        public DateTimeOffset[] CheckpointedSoFar()
        {
            lock (Checkpointed)
            {
                return [.. Checkpointed];
            }
        }
    }

    [Fact]
    public async Task OnCheckpointed_WaitsUntilTheCheckpointRecordingTheBatchIsDurable()
    {
        var storage = new HeldCheckpointStorage(new LocalCheckpointStorage(_root));
        using var test = new StreamingTestContext();
        test.Context.Checkpoint(storage);
        var source = new NumberedSource(test.Context);
        test.Collect(source);
        test.Context.Start(); // its own checkpoint is written before Start returns
        storage.Hold();
        try
        {
            var batches = await test.RunBatchesAsync(2);
            Assert.Empty(source.CheckpointedSoFar()); // both batches completed, neither checkpoint is written

            storage.Release();
            await test.Context.CheckpointsWrittenAsync();
            Assert.Equal(batches.Select(batch => batch.BatchTime), source.CheckpointedSoFar());

            var summary = await CheckpointInspector.InspectAsync(storage);
            Assert.Equal(batches[^1].BatchTime, summary!.BatchTime);
        }
        finally
        {
            storage.Release(); // else stopping waits for ever on the held writes
        }
    }

    [Fact]
    public async Task OnCheckpointed_IsNeverCalledWithoutACheckpoint()
    {
        using var test = new StreamingTestContext();
        var source = new NumberedSource(test.Context);
        var numbers = test.Collect(source);
        await test.RunBatchesAsync(2);

        Assert.Equal([0L, 1L], numbers.All);
        Assert.Empty(source.CheckpointedSoFar());
    }
}
