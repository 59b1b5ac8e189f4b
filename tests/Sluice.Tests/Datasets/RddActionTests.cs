using System.Collections.Concurrent;
using Sluice.Datasets;
using Sluice.Execution;

namespace Sluice.Tests.Datasets;

public class RddActionTests(SluiceContextFixture fixture) : IClassFixture<SluiceContextFixture>
{
    private readonly SluiceContext _sc = fixture.Context;

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Count_MatchesLinqCount(int[] data, int partitions)
    {
        Assert.Equal(data.Length, _sc.Parallelize(data, partitions).Count());
        Assert.Equal(data.Count(x => x > 5), _sc.Parallelize(data, partitions).Filter(x => x > 5).Count());
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void FirstAndTake_MatchLinq(int[] data, int partitions)
    {
        var rdd = _sc.Parallelize(data, partitions);
        foreach (var n in new[] { 0, 1, 2, 5, 150, 1000 })
        {
            Assert.Equal(data.Take(n), rdd.Take(n));
        }

        if (data.Length > 0)
        {
            Assert.Equal(data[0], rdd.First());
        }
        else
        {
            Assert.Throws<InvalidOperationException>(() => rdd.First());
        }
    }

    [Fact]
    public void Take_FromLaterPartitions_ScansUntilFound()
    {
        var rdd = _sc.Parallelize(Enumerable.Range(0, 100), 20).Filter(x => x >= 90);
        Assert.Equal(Enumerable.Range(90, 5), rdd.Take(5));
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void TopAndTakeOrdered_MatchLinqOrdering(int[] data, int partitions)
    {
        var rdd = _sc.Parallelize(data, partitions);
        foreach (var n in new[] { 0, 1, 3, 500 })
        {
            Assert.Equal(data.OrderDescending().Take(n), rdd.Top(n));
            Assert.Equal(data.Order().Take(n), rdd.TakeOrdered(n));
            Assert.Equal(data.OrderDescending().Take(n), rdd.TakeOrdered(n, Comparer<int>.Create((a, b) => b.CompareTo(a))));
        }
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void ReduceFoldAggregate_MatchLinqAggregate(int[] data, int partitions)
    {
        var rdd = _sc.Parallelize(data, partitions);
        if (data.Length > 0)
        {
            Assert.Equal(data.Sum(), rdd.Reduce((a, b) => a + b));
        }
        else
        {
            var error = Assert.Throws<InvalidOperationException>(() => rdd.Reduce((a, b) => a + b));
            Assert.Contains("empty", error.Message);
        }

        Assert.Equal(data.Sum(), rdd.Fold(0, (a, b) => a + b));
        Assert.Equal((data.Length, data.Sum()), rdd.Aggregate((0, 0), (acc, x) => (acc.Item1 + 1, acc.Item2 + x), (a, b) => (a.Item1 + b.Item1, a.Item2 + b.Item2)));
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void ForeachAndForeachPartition_VisitEveryRecordOnce(int[] data, int partitions)
    {
        // What a task adds reaches the driver through accumulators; a captured collection would be each task's copy.
        var seen = _sc.CollectionAccumulator<int>();
        _sc.Parallelize(data, partitions).Foreach(seen.Add);
        Assert.Equal(data.Order(), seen.Value.Order());

        var calls = _sc.LongAccumulator("calls");
        var seenInPartitions = _sc.CollectionAccumulator<int>();
        _sc.Parallelize(data, partitions).ForeachPartition(records =>
        {
            calls.Add(1);
            foreach (var record in records)
            {
                seenInPartitions.Add(record);
            }
        });
        Assert.Equal(partitions, calls.Value);
        Assert.Equal(data.Order(), seenInPartitions.Value.Order());
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void CountByValue_MatchesLinqGroupCount(int[] data, int partitions)
        => Assert.Equal(
            data.GroupBy(x => x).ToDictionary(g => g.Key, g => (long)g.Count()),
            _sc.Parallelize(data, partitions).CountByValue());

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void SaveAsTextFile_WritesOnePartFilePerPartitionAndSuccessMarker(int[] data, int partitions)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sluice-test-{Guid.NewGuid():N}", "out");
        try
        {
            _sc.Parallelize(data, partitions).Map(x => (x, x % 2 == 0)).SaveAsTextFile(directory);
            var parts = Directory.GetFiles(directory, "part-*").Order().ToArray();
            Assert.Equal(partitions, parts.Length);
            Assert.True(File.Exists(Path.Combine(directory, "_SUCCESS")));
            var lines = parts.SelectMany(File.ReadAllLines);
            Assert.Equal(data.Select(x => $"({x},{(x % 2 == 0 ? "true" : "false")})"), lines);
            Assert.Equal([directory], Directory.GetDirectories(Path.GetDirectoryName(directory)!));

            var error = Assert.Throws<IOException>(() => _sc.Parallelize(data, partitions).SaveAsTextFile(directory));
            Assert.Contains("already exists", error.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    private static Rdd<int> s_inner = null!;

    [Fact]
    public void Action_InsideTask_FailsWithClearMessage()
    {
        // Reached through a static, which no closure captures: the serializing mode's capture check would refuse
        // the job before any task ran, and this is about the guard inside tasks.
        s_inner = _sc.Parallelize([1, 2], 1);
        var error = Assert.Throws<JobFailedException>(() => _sc.Parallelize([1], 1).Map(_ => s_inner.Count()).Collect());
        var cause = Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("called inside a task", cause.Message);
    }

    [Fact]
    public void EmptyRdd_HasNoPartitionsAndNoRecords()
    {
        var empty = _sc.EmptyRdd<string>();
        Assert.Equal(0, empty.PartitionCount);
        Assert.Empty(empty.Collect());
        Assert.Equal(0, empty.Count());
        Assert.Empty(empty.Take(3));
    }
}
