using Sluice.Datasets;
using Sluice.TestSupport;
using Sluice.Execution;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Cluster.Tests.Scheduling;

/// <summary>
/// <c>local-cluster[2,1]</c>: every task runs in one of two executor processes (this test host, started again as an
/// executor through the startup hook), its map outputs stay there and travel over the data channel. Jobs and
/// streams give what <c>local[2]</c> gives.
/// </summary>
[Trait("Category", "Process")]
public sealed class LocalClusterTests(LocalClusterFixture cluster) : IClassFixture<LocalClusterFixture>
{
    [Fact]
    public void AShuffleAcrossProcesses_GivesWhatLocalGives()
    {
        using var local = new SluiceContext(new SluiceOptions { Master = "local[2]" });

        Assert.Equal(2, cluster.Context.DefaultParallelism);
        Assert.Equal(ComparisonJobs.WordCounts(local), ComparisonJobs.WordCounts(cluster.Context));
    }

    [Fact]
    public void TextWordCountsAcrossProcesses_GiveWhatLocalGives()
    {
        using var local = new SluiceContext(new SluiceOptions { Master = "local[2]" });
        string[] lines = ["to be or not to be", "that is the question", "naïve  café to"];

        static (string, int)[] Counts(SluiceContext context, string[] lines)
            => [.. context.Parallelize(lines.Select(line => new Text.Utf8Text(line)), 3).Words().Map(word => (word, 1)).ReduceByKey((a, b) => a + b, 2)
                .Collect().Select(pair => (pair.Item1.ToString(), pair.Item2)).Order()];

        Assert.Equal(Counts(local, lines), Counts(cluster.Context, lines));
        Assert.Contains(("to", 3), Counts(cluster.Context, lines));
    }

    [Fact]
    public void JoinsGroupsAndSorts_GiveWhatLocalGives()
    {
        using var local = new SluiceContext(new SluiceOptions { Master = "local[2]" });

        Assert.Equivalent(ComparisonJobs.JoinsGroupsAndSorts(local), ComparisonJobs.JoinsGroupsAndSorts(cluster.Context), strict: true);
    }

    [Fact]
    public void Accumulators_AddUpFromEveryExecutorProcess()
    {
        var seen = cluster.Context.LongAccumulator("seen");

        cluster.Context.Parallelize(Enumerable.Range(1, 100), 8).Foreach(_ => seen.Add(1));

        Assert.Equal(100, seen.Value);
    }

    [Fact]
    public void TasksRunInTheExecutorProcesses_NotInTheDriver()
    {
        // Each of two tasks waits until both run: with one slot per executor, they run in different processes.
        var both = Directory.CreateTempSubdirectory("sluice-both-").FullName;
        try
        {
            var processes = cluster.Context.Parallelize(Enumerable.Range(0, 2), 2).MapPartitions(numbers =>
            {
                File.WriteAllText(Path.Combine(both, $"{numbers.First()}"), "");
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (Directory.GetFiles(both).Length < 2 && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(5);
                }

                return new[] { Environment.ProcessId };
            }).Collect();

            Assert.DoesNotContain(Environment.ProcessId, processes);
            Assert.Equal(2, processes.Distinct().Count());
        }
        finally
        {
            Directory.Delete(both, recursive: true);
        }
    }

    [Fact]
    public void TheExecutorsPage_ListsBothProcesses_WithTheTasksTheyRan_AndTheShuffleBytes()
    {
        cluster.Context.Parallelize(Enumerable.Range(0, 8), 8).Count();
        var before = cluster.Context.GetExecutorInfos(); // the fixture's other tests ran shuffles too
        var pairs = cluster.Context.Parallelize(Enumerable.Range(0, 1000), 4).Map(n => (n % 10, n)).ReduceByKey((a, b) => a + b, 2);
        pairs.Collect();

        var executors = cluster.Context.GetExecutorInfos();

        Assert.Equal(["executor-1", "executor-2"], executors.Select(executor => executor.Id));
        Assert.All(executors, executor =>
        {
            Assert.True(executor.IsActive);
            Assert.Equal(1, executor.Slots);
            Assert.StartsWith("127.0.0.1:", executor.Address, StringComparison.Ordinal);
            Assert.Equal(0, executor.ActiveTasks);
        });
        Assert.True(executors.Sum(executor => executor.CompletedTasks) >= 8);

        // The reduce tasks read every byte the map tasks wrote; the four map outputs are held until the dataset goes.
        var written = executors.Sum(executor => executor.ShuffleWriteBytes) - before.Sum(executor => executor.ShuffleWriteBytes);
        Assert.True(written > 0);
        Assert.Equal(written, executors.Sum(executor => executor.ShuffleReadBytes) - before.Sum(executor => executor.ShuffleReadBytes));
        Assert.True(executors.Sum(executor => executor.MapOutputs) >= 4);
        GC.KeepAlive(pairs);
    }

    [Fact]
    public void AResultLargerThanAControlMessage_ComesBackWhole()
    {
        var numbers = cluster.Context.Parallelize(Enumerable.Range(0, 200_000), 2).Map(n => $"line {n}").Collect();

        Assert.Equal(200_000, numbers.Length);
        Assert.Equal("line 199999", numbers[^1]);
    }

    [Fact]
    public void AccumulatorAdditionsLargerThanAControlMessage_ComeBackWhole()
    {
        var seen = cluster.Context.CollectionAccumulator<string>("lines seen");

        cluster.Context.Parallelize(Enumerable.Range(0, 20_000), 2).Foreach(n => seen.Add($"line {n}"));

        Assert.Equal(20_000, seen.Value.Count);
    }

    [Fact]
    public void AFunctionThatThrows_FailsTheJob_NamingTheExceptionTheExecutorAndTheOperator()
    {
        var failure = Assert.Throws<JobFailedException>(() => cluster.Context.Parallelize(Enumerable.Range(0, 10), 2)
            .Map(n => n == 7 ? throw new FormatException($"record {n} is malformed") : n)
            .Collect());

        Assert.Contains("System.FormatException on executor executor-", failure.Message, StringComparison.Ordinal);
        Assert.Contains("record 7 is malformed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("map", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFunctionCapturingWhatCannotTravel_IsRefusedAtSubmission_NamingIt()
    {
        using var stream = new MemoryStream();

        var refused = Assert.ThrowsAny<InvalidOperationException>(() => cluster.Context.Parallelize(Enumerable.Range(0, 4), 2).Map(n => n + stream.Length).Collect());

        Assert.Contains("stream", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABatchSaysWhereItsTasksRan()
    {
        using var test = new StreamingTestContext(master: "local-cluster[2,1]");
        var completed = new CompletedOperations();
        test.Context.AddStreamingListener(completed);
        test.Input<string>([["a b", "b c", "c d", "d e"]], partitions: 4).FlatMap(line => line.Split(' ')).CountByValue().ForeachRdd(rdd => rdd.Collect());

        await test.RunBatchesAsync(1);
        Assert.True(await completed.Batches.WaitAsync(TimeSpan.FromSeconds(60)), "The batch's completion never reached the listener.");

        var tasks = Assert.Single(completed.Operations).TasksByExecutor;
        Assert.All(tasks.Keys, executor => Assert.StartsWith("executor-", executor, StringComparison.Ordinal));
        Assert.True(tasks.Values.Sum() >= 4, $"Only {tasks.Values.Sum()} tasks were counted.");
    }

    private sealed class CompletedOperations : Monitoring.IStreamingListener
    {
        public SemaphoreSlim Batches { get; } = new(0);

        public System.Collections.Concurrent.ConcurrentQueue<Monitoring.OutputOperationInfo> Operations { get; } = new();

        public void OnBatchCompleted(Monitoring.BatchInfo batch)
        {
            foreach (var operation in batch.OutputOperations.Values)
            {
                Operations.Enqueue(operation);
            }

            Batches.Release();
        }
    }

    [Fact]
    public async Task AStreamedWordCountAndWindow_GiveWhatLocalGives_BatchByBatch()
    {
        string[][] input = [["a b", "b c"], ["c c a"], [], ["a"]];
        static DStream<(string, int)> WordsInWindow(DStream<string> lines)
            => lines.FlatMap(line => line.Split(' ')).Map(word => (word, 1)).ReduceByKeyAndWindow((a, b) => a + b, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));

        var local = await StreamingTest.RunAsync(input, WordsInWindow, master: "local[2]");
        var distributed = await StreamingTest.RunAsync(input, WordsInWindow, master: "local-cluster[2,1]");

        Assert.Equal(local.Select(batch => batch.Order()), distributed.Select(batch => batch.Order()));
    }
}
