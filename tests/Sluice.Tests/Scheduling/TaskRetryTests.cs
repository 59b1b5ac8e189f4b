using System.Collections.Concurrent;
using Sluice.Datasets;
using Sluice.Execution;

namespace Sluice.Tests.Scheduling;

public class TaskRetryTests
{
    /// <summary>
    /// Attempts per test run and record, shared by every attempt of a task. A task gets copies of what its functions
    /// capture, so what must outlive an attempt lives outside them: here a static, in a cluster a file or a service.
    /// </summary>
    private static readonly ConcurrentDictionary<(Guid Run, int Record), int> s_attempts = new();

    /// <summary>A function that fails the first <paramref name="failures"/> times it runs for each partition's first record.</summary>
    private static Func<int, int> FailingFirst(int failures, Guid run)
        => x =>
        {
            if (x % 10 == 0 && s_attempts.AddOrUpdate((run, x), 1, (_, n) => n + 1) <= failures)
            {
                throw new InvalidOperationException($"boom on {x}");
            }

            return x;
        };

    private static IEnumerable<int> AttemptsOf(Guid run) => s_attempts.Where(entry => entry.Key.Run == run).Select(entry => entry.Value);

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 4)]
    [InlineData(3, 4)]
    [InlineData(1, 2)]
    public void Task_FailingFewerTimesThanMax_IsRetriedAndJobSucceeds(int failures, int maxTaskFailures)
    {
        using var sc = new SluiceContext(new SluiceOptions { Master = "local[2]", MaxTaskFailures = maxTaskFailures });
        var run = Guid.NewGuid();
        var result = sc.Parallelize(Enumerable.Range(0, 40), 4).Map(FailingFirst(failures, run)).Collect();
        Assert.Equal(Enumerable.Range(0, 40), result);
        Assert.All(AttemptsOf(run), n => Assert.Equal(failures + 1, n));
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(1, 1)]
    [InlineData(10, 3)]
    public void Task_FailingMaxTimes_FailsJobNamingOperatorStagePartitionAndAttempts(int failures, int maxTaskFailures)
    {
        using var sc = new SluiceContext(new SluiceOptions { Master = "local[2]", MaxTaskFailures = maxTaskFailures });
        var run = Guid.NewGuid();
        var rdd = sc.Parallelize(Enumerable.Range(0, 10), 1).Filter(x => x >= 0).Map(FailingFirst(failures, run)).Map(x => x + 1);

        var error = Assert.Throws<JobFailedException>(() => rdd.Collect());

        Assert.Equal(maxTaskFailures, error.Attempts);
        Assert.Equal(0, error.Partition);
        Assert.StartsWith("map (rdd ", error.Operator);
        Assert.Contains($"failed {maxTaskFailures} time(s)", error.Message);
        Assert.Contains($"stage {error.StageId}", error.Message);
        Assert.Contains("partition 0", error.Message);
        Assert.Contains("collect", error.Message);
        Assert.Contains("InvalidOperationException: boom on 0", error.Message);
        Assert.Equal("boom on 0", error.InnerException!.Message);
        Assert.Equal(maxTaskFailures, s_attempts[(run, 0)]);
    }

    [Fact]
    public void FailureInReduceSideFunction_NamesTheShuffleOperator()
    {
        using var sc = new SluiceContext(new SluiceOptions { Master = "local[2]", MaxTaskFailures = 2 });
        var rdd = sc.Parallelize(Layouts.Pairs([.. Enumerable.Range(0, 20)]), 2)
            .ReduceByKey((a, b) => a > 100 ? a + b : throw new ArithmeticException("reduce failed"));
        var error = Assert.Throws<JobFailedException>(() => rdd.Count());
        Assert.IsType<ArithmeticException>(error.InnerException);
        Assert.Contains("reduceByKey", error.Operator);
    }

    [Fact]
    public void FailureInMapPartitionsEnumeration_NamesMapPartitions()
    {
        using var sc = new SluiceContext(new SluiceOptions { Master = "local[1]", MaxTaskFailures = 1 });
        static IEnumerable<int> Broken(IEnumerable<int> records)
        {
            foreach (var record in records)
            {
                yield return record == 2 ? throw new FormatException("bad record 2") : record;
            }
        }

        var error = Assert.Throws<JobFailedException>(() => sc.Parallelize([1, 2, 3], 1).MapPartitions(Broken).Map(x => x).Collect());
        Assert.StartsWith("mapPartitions", error.Operator);
    }

    [Fact]
    public void FailedJob_LeavesContextUsable()
    {
        using var sc = new SluiceContext(new SluiceOptions { Master = "local[2]", MaxTaskFailures = 1 });
        Assert.Throws<JobFailedException>(() => sc.Parallelize([1, 2], 2).Map<int>(_ => throw new InvalidOperationException()).Collect());
        Assert.Equal(3, sc.Parallelize([1, 2], 2).Reduce((a, b) => a + b));
    }

    [Fact]
    public void DisposedContext_RejectsJobs()
    {
        var sc = new SluiceContext(new SluiceOptions { Master = "local[1]" });
        var rdd = sc.Parallelize([1]);
        sc.Dispose();
        Assert.Throws<ObjectDisposedException>(() => rdd.Count());
    }
}
