using Sluice.Datasets;

namespace Sluice.Cluster.Tests.Scheduling;

/// <summary>
/// A cached dataset on executor processes (<c>local-cluster[2,1]</c>): each partition stays where a task computed it,
/// and later tasks reading it run there, reading it from memory, rather than computing it again elsewhere.
/// </summary>
[Trait("Category", "Process")]
public sealed class CachedPartitionsOnExecutorsTests : IDisposable
{
    private readonly string _both = Directory.CreateTempSubdirectory("sluice-both-").FullName;

    [Fact]
    public void TasksReadingACachedPartition_RunWhereItIsCached_AndNothingIsComputedAgain()
    {
        using var context = new SluiceContext(new SluiceOptions { Master = "local-cluster[2,1]", AppName = "cached-partitions-tests" });
        var computed = context.LongAccumulator("computed");
        var both = _both;
        var cached = context.Parallelize(Enumerable.Range(0, 100), 2).MapPartitions(numbers =>
        {
            // Each partition waits until both run: with one slot per executor, they are computed in different processes.
            var first = numbers.ToList();
            File.WriteAllText(Path.Combine(both, $"{first[0]}"), "");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (Directory.GetFiles(both).Length < 2 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(5);
            }

            computed.Add(first.Count);
            return first;
        }).Cache();

        // Partition 0 holds 0..49 and partition 1 holds 50..99.
        var cachedIn = cached.Map(number => (Partition: number < 50 ? 0 : 1, Process: Environment.ProcessId)).Distinct().Collect().ToDictionary();
        Assert.Equal(100, computed.Value);
        Assert.NotEqual(cachedIn[0], cachedIn[1]);
        Assert.Equal([1, 1], context.GetExecutorInfos().Select(executor => executor.CachedPartitions));

        // Take reads partition 0 alone, then partition 1 alone: each task has both executors free to choose from, and
        // without the preference both would go to the same one.
        for (var job = 0; job < 3; job++)
        {
            var ranIn = cached.Map(number => (Partition: number < 50 ? 0 : 1, Process: Environment.ProcessId)).Take(51).Distinct().ToDictionary();

            Assert.Equal(cachedIn, ranIn);
        }

        Assert.Equal(100, computed.Value);
    }

    public void Dispose() => Directory.Delete(_both, recursive: true);
}
