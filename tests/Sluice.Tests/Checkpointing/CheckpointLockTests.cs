using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Checkpointing;

/// <summary>One application per checkpoint directory: a second is refused with the holder's name, until the first stops.</summary>
public sealed class CheckpointLockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-lock-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static StreamingContext Create(StreamingTestContext test)
    {
        test.Input<string>([["a"]]).Map(word => (word, 1)).UpdateStateByKey<string, int, int>((values, total) => new Optional<int>(total.GetValueOrDefault(0) + values.Count)).Print();
        return test.Context;
    }

    [Fact]
    public async Task ASecondApplication_IsRefusedNamingTheHolder_UntilTheFirstStops()
    {
        using var first = new StreamingTestContext(configure: options => options.AppName = "counts");
        StreamingContext.GetOrCreate(_directory, () => Create(first));
        await first.RunBatchesAsync(1);

        using (var second = new StreamingTestContext(configure: options => options.AppName = "other"))
        {
            var error = Assert.Throws<CheckpointLockedException>(() => StreamingContext.GetOrCreate(_directory, () => Create(second)));
            Assert.Equal(Environment.ProcessId, error.Holder!.ProcessId);
            Assert.Equal("counts", error.Holder.Application);
            Assert.Contains($"The checkpoint directory {_directory} is in use by application 'counts' (process {Environment.ProcessId} on {Environment.MachineName}, since ", error.Message, StringComparison.Ordinal);
            Assert.Contains("give this one its own --checkpoint directory", error.Message, StringComparison.Ordinal);
            Assert.Equal(StreamingState.Stopped, second.Context.State); // refused, and its threads ended
        }

        first.Context.Stop(stopGracefully: true);
        using var third = new StreamingTestContext();
        StreamingContext.GetOrCreate(_directory, () => Create(third)).Start();
        Assert.Equal(StreamingState.Active, third.Context.State);
    }

    [Fact]
    public async Task ContextsWithCheckpointAndStart_AreRefusedAtStart()
    {
        using var first = new StreamingTestContext();
        first.Context.Checkpoint(_directory);
        Create(first);
        await first.RunBatchesAsync(1);

        using var second = new StreamingTestContext();
        second.Context.Checkpoint(_directory);
        Create(second);
        Assert.Throws<CheckpointLockedException>(second.Context.Start);
    }
}
