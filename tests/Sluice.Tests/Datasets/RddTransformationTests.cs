using Sluice.Datasets;

namespace Sluice.Tests.Datasets;

public class RddTransformationTests(SluiceContextFixture fixture) : IClassFixture<SluiceContextFixture>
{
    private readonly SluiceContext _sc = fixture.Context;

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Parallelize_AnyLayout_KeepsOrderAndPartitionCount(int[] data, int partitions)
    {
        var rdd = _sc.Parallelize(data, partitions);
        Assert.Equal(partitions, rdd.PartitionCount);
        Assert.Equal(data, rdd.Collect());
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Map_MatchesLinqSelect(int[] data, int partitions)
        => Assert.Equal(data.Select(x => x * 2 + 1), _sc.Parallelize(data, partitions).Map(x => x * 2 + 1).Collect());

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void FlatMap_MatchesLinqSelectMany(int[] data, int partitions)
        => Assert.Equal(
            data.SelectMany(x => Enumerable.Repeat(x, x % 3)),
            _sc.Parallelize(data, partitions).FlatMap(x => Enumerable.Repeat(x, x % 3)).Collect());

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void FlatMap_ArrayResults_MatchesLinqSelectMany(int[] data, int partitions)
        => Assert.Equal(
            data.SelectMany(x => new[] { x, -x }),
            _sc.Parallelize(data, partitions).FlatMap(x => new[] { x, -x }).Collect());

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Filter_MatchesLinqWhere(int[] data, int partitions)
        => Assert.Equal(data.Where(x => x % 2 == 0), _sc.Parallelize(data, partitions).Filter(x => x % 2 == 0).Collect());

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void QuerySyntax_MatchesLinqQuery(int[] data, int partitions)
    {
        var expected = from x in data from y in new[] { x, x + 1 } where y % 2 == 1 select y * 10;
        var actual = from x in _sc.Parallelize(data, partitions) from y in new[] { x, x + 1 } where y % 2 == 1 select y * 10;
        Assert.Equal(expected, actual.Collect());
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void MapPartitionsWithIndex_SeesEachPartitionOnce(int[] data, int partitions)
    {
        var rdd = _sc.Parallelize(data, partitions).MapPartitionsWithIndex((index, records) => records.Select(x => (index, x)));
        var result = rdd.Collect();
        Assert.Equal(data, result.Select(pair => pair.x));
        Assert.True(result.Select(pair => pair.index).SequenceEqual(result.Select(pair => pair.index).Order()));
        Assert.All(result, pair => Assert.InRange(pair.index, 0, partitions - 1));
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void MapPartitions_SumPerPartition_AddsUpToTotal(int[] data, int partitions)
    {
        var sums = _sc.Parallelize(data, partitions).MapPartitions(records => new[] { records.Sum() }).Collect();
        Assert.Equal(partitions, sums.Length);
        Assert.Equal(data.Sum(), sums.Sum());
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Glom_OneArrayPerPartition_ConcatenatesToInput(int[] data, int partitions)
    {
        var arrays = _sc.Parallelize(data, partitions).Glom().Collect();
        Assert.Equal(partitions, arrays.Length);
        Assert.Equal(data, arrays.SelectMany(a => a));
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Union_MatchesLinqConcat(int[] data, int partitions)
    {
        var left = _sc.Parallelize(data, partitions);
        var right = _sc.Parallelize(data.Reverse(), 2);
        var union = left.Union(right);
        Assert.Equal(partitions + 2, union.PartitionCount);
        Assert.Equal(data.Concat(data.Reverse()), union.Collect());
        Assert.Equal(data.Concat(data), _sc.Union(left, left).Collect());
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Distinct_MatchesLinqDistinct(int[] data, int partitions)
        => Assert.Equal(data.Distinct().Order(), _sc.Parallelize(data, partitions).Distinct().Collect().Order());

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Sample_FixedSeed_IsReproducibleSubset(int[] data, int partitions)
    {
        var rdd = _sc.Parallelize(data, partitions);
        var first = rdd.Sample(withReplacement: false, 0.5, seed: 42).Collect();
        Assert.Equal(first, rdd.Sample(withReplacement: false, 0.5, seed: 42).Collect());
        Assert.True(first.Length <= data.Length);
        Assert.Empty(rdd.Sample(withReplacement: false, 0.0, seed: 1).Collect());
        Assert.Equal(data, rdd.Sample(withReplacement: false, 1.0, seed: 1).Collect());
        var withReplacement = rdd.Sample(withReplacement: true, 2.0, seed: 7).Collect();
        Assert.Subset(data.ToHashSet(), withReplacement.ToHashSet());
    }

    [Fact]
    public void Sample_LargeInput_KeepsAboutTheFraction()
    {
        var count = _sc.Parallelize(Enumerable.Range(0, 20_000), 4).Sample(withReplacement: false, 0.25, seed: 3).Count();
        Assert.InRange(count, 4_500, 5_500);
        var copies = _sc.Parallelize(Enumerable.Range(0, 20_000), 4).Sample(withReplacement: true, 2.0, seed: 3).Count();
        Assert.InRange(copies, 38_000, 42_000);
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Coalesce_WithoutShuffle_KeepsOrderWithFewerPartitions(int[] data, int partitions)
    {
        var coalesced = _sc.Parallelize(data, partitions).Coalesce(2);
        Assert.Equal(Math.Min(2, partitions), coalesced.PartitionCount);
        Assert.Equal(data, coalesced.Collect());
        Assert.Equal(partitions, _sc.Parallelize(data, partitions).Coalesce(100).PartitionCount);
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Repartition_KeepsRecordsAndSpreadsThemEvenly(int[] data, int partitions)
    {
        var repartitioned = _sc.Parallelize(data, partitions).Repartition(4);
        Assert.Equal(4, repartitioned.PartitionCount);
        Assert.Equal(data.Order(), repartitioned.Collect().Order());
        var sizes = repartitioned.Glom().Map(part => part.Length).Collect();
        if (data.Length >= 100)
        {
            Assert.All(sizes, size => Assert.InRange(size, data.Length / 4 - partitions * 2, data.Length / 4 + partitions * 2));
        }
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void ZipWithIndex_MatchesLinqSelectWithIndex(int[] data, int partitions)
        => Assert.Equal(data.Select((x, i) => (x, (long)i)), _sc.Parallelize(data, partitions).ZipWithIndex().Collect());

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void SortBy_AscendingAndDescending_MatchesLinqOrderBy(int[] data, int partitions)
    {
        var rdd = _sc.Parallelize(data, partitions);
        Assert.Equal(data.OrderBy(x => x), rdd.SortBy(x => x).Collect());
        Assert.Equal(data.OrderByDescending(x => x), rdd.SortBy(x => x, ascending: false).Collect());
        Assert.Equal(data.OrderBy(x => -x), rdd.SortBy(x => x, partitions: 3, comparer: Comparer<int>.Create((a, b) => b.CompareTo(a))).Collect());
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void KeyBy_PairsEachRecordWithItsKey(int[] data, int partitions)
        => Assert.Equal(data.Select(x => (x % 4, x)), _sc.Parallelize(data, partitions).KeyBy(x => x % 4).Collect());

    [Fact]
    public void Cache_ComputesEachPartitionOnce_UntilUnpersisted()
    {
        var computed = _sc.LongAccumulator("computed");
        var rdd = _sc.Parallelize(Enumerable.Range(0, 10), 2).Map(x =>
        {
            computed.Add(1);
            return x;
        }).Cache();
        Assert.Equal(StorageLevel.MemoryOnly, rdd.StorageLevel);
        Assert.Equal(10, rdd.Count());
        Assert.Equal(45, rdd.Reduce((a, b) => a + b));
        Assert.Equal(10, computed.Value);
        rdd.Unpersist();
        Assert.Equal(10, rdd.Count());
        Assert.Equal(20, computed.Value);
    }

    [Fact]
    public void ToDebugString_ShowsLineageWithShuffleLevels()
    {
        var rdd = _sc.Parallelize([1, 2, 3], 2).Map(x => (x, 1)).ReduceByKey((a, b) => a + b).SetName("counts");
        var text = rdd.ToDebugString();
        Assert.Contains("reduceByKey 'counts'", text);
        Assert.Contains("  (2) map", text);
        Assert.Contains("parallelize", text);
    }
}
