using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Checkpointing;

public sealed class GetOrCreateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-getorcreate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Runs a running count for three batches with checkpoints in the directory, then stops gracefully.</summary>
    private async Task CheckpointThreeBatchesAsync(TimeSpan? interval = null)
    {
        using var test = new StreamingTestContext(interval);
        StreamingContext.GetOrCreate(_directory, () =>
        {
            RunningCount(test.Input<string>([["a"], ["a", "b"], ["b"]])).Print();
            return test.Context;
        });
        await test.RunBatchesAsync(3);
        test.Context.Stop(stopGracefully: true);
    }

    private static DStream<(string, int)> RunningCount(DStream<string> words)
        => words.Map(word => (word, 1)).UpdateStateByKey<string, int, int>((values, total) => new Optional<int>(total.GetValueOrDefault(0) + values.Count));

    [Fact]
    public async Task GracefulStop_LeavesTheLastBatchAsTheLatestCheckpoint()
    {
        await CheckpointThreeBatchesAsync();
        var metadata = Directory.EnumerateFiles(_directory, "metadata-*").Order(StringComparer.Ordinal).Last();
        var json = CheckpointMetadata.FromJson(CheckpointFile.Unwrap(File.ReadAllBytes(metadata), CheckpointFileKind.Metadata, metadata), metadata);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 3, TimeSpan.Zero), json.BatchTime);
        Assert.Empty(json.PendingBatches);
        Assert.Contains(json.Operators, op => op.Kind == "updateStateByKey");
    }

    [Fact]
    public async Task DifferentBatchInterval_IsAClearError()
    {
        await CheckpointThreeBatchesAsync();
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(2));
        var error = Assert.Throws<InvalidOperationException>(() => StreamingContext.GetOrCreate(_directory, () =>
        {
            RunningCount(test.Input<string>([])).Print();
            return test.Context;
        }));
        Assert.Contains("was taken with a batch interval of 1000 ms; this application uses 2000 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedGraph_ListsEachOperatorAddedRemovedOrChanged_ButNewOutputsAreFine()
    {
        await CheckpointThreeBatchesAsync();
        using var test = new StreamingTestContext();
        var error = Assert.Throws<InvalidOperationException>(() => StreamingContext.GetOrCreate(_directory, () =>
        {
            var words = test.Input<string>([]);
            words.Map(word => (word, 1L)).ReduceByKey((a, b) => a + b).Print(); // map-2 now of (string, long); reduceByKey-3 replaces updateStateByKey-3
            words.Count().Print(); // a new output, and count-5 is new
            return test.Context;
        }));
        Assert.Contains("added reduceByKey-3 (reduceByKey)", error.Message, StringComparison.Ordinal);
        Assert.Contains("removed updateStateByKey-3 (updateStateByKey)", error.Message, StringComparison.Ordinal);
        Assert.Contains("changed map-2 from map of System.ValueTuple`2[System.String,System.Int32] to map of System.ValueTuple`2[System.String,System.Int64]", error.Message, StringComparison.Ordinal);
        Assert.Contains("added count-5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedFunctionBodyAndAnExtraOutput_Recover()
    {
        await CheckpointThreeBatchesAsync();
        using var test = new StreamingTestContext();
        OutputCollector<(string, int)>? totals = null;
        StreamingContext.GetOrCreate(_directory, () =>
        {
            var counts = test.Input<string>([["a"]]).Map(word => (word.ToUpperInvariant().ToLowerInvariant(), 1))
                .UpdateStateByKey<string, int, int>((values, total) => new Optional<int>(total.GetValueOrDefault(0) + values.Count));
            totals = test.Collect(counts);
            counts.Print();
            return test.Context;
        });
        test.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 1, 0, 0, 3, TimeSpan.Zero));
        await test.RunBatchesAsync(1);
        Assert.Equal([("a", 3), ("b", 2)], totals!.Batches[0].Order()); // a twice and b twice before the stop, then a once more
    }

    [Fact]
    public async Task UnreadableCheckpoint_FailsNamingWhy_OrStartsAfreshWhenAsked()
    {
        await CheckpointThreeBatchesAsync();
        foreach (var metadata in Directory.EnumerateFiles(_directory, "metadata-*"))
        {
            File.WriteAllText(metadata, "damaged");
        }

        using (var test = new StreamingTestContext())
        {
            var error = Assert.Throws<CheckpointFormatException>(() => StreamingContext.GetOrCreate(_directory, () =>
            {
                RunningCount(test.Input<string>([])).Print();
                return test.Context;
            }));
            Assert.Contains("can be used", error.Message, StringComparison.Ordinal);
            Assert.Contains("createOnError: true", error.Message, StringComparison.Ordinal);
        }

        using var fresh = new StreamingTestContext();
        OutputCollector<(string, int)>? totals = null;
        StreamingContext.GetOrCreate(
            _directory,
            () =>
            {
                totals = fresh.Collect(RunningCount(fresh.Input<string>([["a"]])));
                return fresh.Context;
            },
            createOnError: true);
        await fresh.RunBatchesAsync(1);
        Assert.Equal([("a", 1)], totals!.Batches[0]);
    }

    [Fact]
    public void CheckpointInterval_MustBeAMultipleOfTheSlide()
    {
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(2));
        var counts = RunningCount(test.Input<string>([]));
        Assert.Contains("must be a multiple of its slide duration 00:00:02", Assert.Throws<ArgumentException>(() => counts.Checkpoint(TimeSpan.FromSeconds(3))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => counts.Checkpoint(TimeSpan.FromSeconds(1)));
        counts.Checkpoint(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task OptionsGivenAtRestart_WinOverTheFirstRunsOnes()
    {
        await CheckpointThreeBatchesAsync();
        using var test = new StreamingTestContext(master: "local[3]", configure: o => o.BatchFailurePolicy = BatchFailurePolicy.Continue);
        var context = StreamingContext.GetOrCreate(_directory, () =>
        {
            RunningCount(test.Input<string>([])).Print();
            return test.Context;
        });
        Assert.Equal("local[3]", context.Options.Master);
        Assert.Equal(BatchFailurePolicy.Continue, context.Options.BatchFailurePolicy);
        Assert.Equal(3, context.SluiceContext.DefaultParallelism);
    }
}
