using Sluice.Datasets;
using Sluice.TestSupport;
using Sluice.Sources;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Execution;

/// <summary>
/// <c>local-executors[N,C]</c>: N executors in this process, each with its own context, shuffle outputs and resident
/// objects, reached only through bytes; the scheduler's cluster path without the network. Jobs give what
/// <c>local[N]</c> gives; map outputs stay on the executor that wrote them and are read from there.
/// </summary>
public sealed class ExecutorsMasterTests
{
    [Fact]
    public void AShuffle_GivesWhatLocalGives_WithMapOutputsOnEveryExecutor()
    {
        using var local = new SluiceContext(new SluiceOptions { Master = "local[2]" });
        using var executors = new SluiceContext(new SluiceOptions { Master = "local-executors[2,1]" });
        Assert.Equal(2, executors.DefaultParallelism);
        Assert.True(executors.Serializing);

        Assert.Equal(ComparisonJobs.WordCounts(local), ComparisonJobs.WordCounts(executors));

        // The four map outputs are spread over both executors, so every reduce task read some from the other one.
        Assert.Equal(["executor-1", "executor-2"], executors.Cluster!.Tracker.Snapshot(1).Distinct().Order());
    }

    [Fact]
    public void JoinsGroupsAndSorts_GiveWhatLocalGives()
    {
        using var local = new SluiceContext(new SluiceOptions { Master = "local[2]" });
        using var executors = new SluiceContext(new SluiceOptions { Master = "local-executors[3,2]" });

        Assert.Equivalent(ComparisonJobs.JoinsGroupsAndSorts(local), ComparisonJobs.JoinsGroupsAndSorts(executors), strict: true);
    }

    [Fact]
    public void Accumulators_AddUpFromEveryExecutor()
    {
        using var executors = new SluiceContext(new SluiceOptions { Master = "local-executors[2,2]" });
        var seen = executors.LongAccumulator("seen");

        executors.Parallelize(Enumerable.Range(1, 100), 8).Foreach(_ => seen.Add(1));

        Assert.Equal(100, seen.Value);
    }

    [Fact]
    public void LosingAnExecutorBetweenJobs_RunsOnlyItsMapPartitionsAgain()
    {
        using var executors = new SluiceContext(new SluiceOptions { Master = "local-executors[2,1]" });
        var mapped = executors.LongAccumulator("map partitions run");
        var counts = executors.Parallelize(ComparisonJobs.Lines, 4)
            .MapPartitions(lines => { mapped.Add(1); return lines; })
            .FlatMap(line => line.Split(' ')).Map(word => (word, 1)).ReduceByKey((a, b) => a + b, 3);
        var first = counts.Collect().Order().ToArray();
        Assert.Equal(4, mapped.Value);
        var lost = executors.Cluster!.Tracker.Snapshot(1).Count(executor => executor == "executor-1");

        executors.Cluster.Lose("executor-1");
        var second = counts.Collect().Order().ToArray();

        Assert.Equal(first, second);
        Assert.Equal(4 + lost, mapped.Value); // the lost outputs ran again, the others were reused
        Assert.All(executors.Cluster.Tracker.Snapshot(1), executor => Assert.Equal("executor-2", executor));
    }

    /// <summary>Loses executor-1 the first time a reduce task maps a record; static, as tasks run on copies.</summary>
    private static int s_lossesToCause;
    private static SluiceContext? s_losing;

    [Fact]
    public void LosingAnExecutorWhileReduceTasksRun_IsAFetchFailure_AndTheJobStillGivesEveryCount()
    {
        var logs = new Sluice.TestSupport.LogCollector();
        using var executors = new SluiceContext(new SluiceOptions { Master = "local-executors[2,1]", LoggerFactory = logs });
        using var local = new SluiceContext(new SluiceOptions { Master = "local[2]" });
        string[] words = [.. Enumerable.Range(0, 300).Select(i => $"w{i % 60}")];
        static (string, int)[] Run(SluiceContext context, string[] words)
            => [.. context.Parallelize(words, 4).Map(word => (word, 1)).ReduceByKey((a, b) => a + b, 3)
                .Map(pair =>
                {
                    if (Interlocked.Exchange(ref s_lossesToCause, 0) == 1)
                    {
                        s_losing!.Cluster!.Lose("executor-1");
                    }

                    return pair;
                })
                .Collect().Order()];

        (s_losing, s_lossesToCause) = (executors, 1);
        var counts = Run(executors, words);

        Assert.Equal(Run(local, words), counts);
        Assert.Contains(logs.Messages(), message => message.Contains("could not fetch map partition", StringComparison.Ordinal));
    }

    private sealed class Words(params string[] words) : Receiver<string>
    {
        public override void OnStart() => Store(words);

        public override void OnStop()
        {
        }
    }

    [Fact]
    public async Task AReceiversBlocks_AreReadByTheExecutors_AndCountedAcrossThem()
    {
        using var test = new StreamingTestContext(master: "local-executors[2,2]");
        var counts = test.Collect(test.Context.ReceiverStream(new Words("to", "be", "or", "not", "to", "be")).Map(word => (word, 1)).ReduceByKey((a, b) => a + b, 3));

        await test.RunBatchesAsync(1);

        Assert.Equal([("be", 2), ("not", 1), ("or", 1), ("to", 2)], counts.All.Order());
    }

    [Fact]
    public async Task StateOnExecutors_FailsTheBatch_SayingWhatDoesNotRunOnThemYet()
    {
        var checkpoints = Directory.CreateTempSubdirectory("sluice-executors-");
        try
        {
            using var test = new StreamingTestContext(master: "local-executors[2,1]", configure: options => options.MaxTaskFailures = 1);
            test.Context.Checkpoint(checkpoints.FullName);
            test.Input<string>([["a", "b", "a"]]).Map(word => (word, 1)).UpdateStateByKey<string, int, int>((values, state) => new Optional<int>(state.GetValueOrDefault(0) + values.Sum()), partitions: 2).Print();

            var error = await Assert.ThrowsAnyAsync<Exception>(() => test.RunBatchesAsync(1));

            Assert.Contains("which executors of a local-executors master do not have", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("UpdateStateByKey, MapWithState", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            checkpoints.Delete(recursive: true);
        }
    }

    [Fact]
    public void AFunctionCapturingTheContext_IsRefusedAtSubmission_NamingIt()
    {
        using var executors = new SluiceContext(new SluiceOptions { Master = "local-executors[2,1]" });
        var captured = executors;

        var error = Assert.ThrowsAny<Exception>(() => executors.Parallelize([1, 2, 3], 2).Map(x => x + captured.DefaultParallelism).Collect());

        Assert.Contains("captured", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SluiceContext", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local-executors[0,1]")]
    [InlineData("local-executors[2]")]
    [InlineData("local-executors[2,x]")]
    public void AMalformedExecutorsMaster_SaysTheForm(string master)
    {
        var error = Assert.Throws<ArgumentException>(() => new SluiceContext(new SluiceOptions { Master = master }));
        Assert.Contains("'local-executors[N,C]' runs N executors of C slots each in this process", error.Message, StringComparison.Ordinal);
    }
}
