using Sluice.Datasets;

namespace Sluice.Tests.Datasets;

public class PairRddTests(SluiceContextFixture fixture) : IClassFixture<SluiceContextFixture>
{
    private readonly SluiceContext _sc = fixture.Context;

    private static IEnumerable<(int, int)> Sorted(IEnumerable<(int, int)> pairs) => pairs.OrderBy(p => p.Item1).ThenBy(p => p.Item2);

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void MapValuesFlatMapValuesKeysValues_MatchLinq(int[] data, int partitions)
    {
        var pairs = Layouts.Pairs(data);
        var rdd = _sc.Parallelize(pairs, partitions);
        Assert.Equal(pairs.Select(p => (p.Item1, p.Item2 * 3)), rdd.MapValues(v => v * 3).Collect());
        Assert.Equal(pairs.SelectMany(p => Enumerable.Range(0, p.Item2 % 3).Select(i => (p.Item1, i))), rdd.FlatMapValues(v => Enumerable.Range(0, v % 3)).Collect());
        Assert.Equal(pairs.Select(p => p.Item1), rdd.Keys().Collect());
        Assert.Equal(pairs.Select(p => p.Item2), rdd.Values().Collect());
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void ReduceByKey_MatchesLinqGroupSum(int[] data, int partitions)
    {
        var pairs = Layouts.Pairs(data);
        var expected = Sorted(pairs.GroupBy(p => p.Item1).Select(g => (g.Key, g.Sum(p => p.Item2))));
        var rdd = _sc.Parallelize(pairs, partitions);
        Assert.Equal(expected, Sorted(rdd.ReduceByKey((a, b) => a + b).Collect()));
        Assert.Equal(expected, Sorted(rdd.ReduceByKey((a, b) => a + b, 5).Collect()));
        Assert.Equal(expected, Sorted(rdd.ReduceByKey((a, b) => a + b, new HashPartitioner(1)).Collect()));
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void ReducedPairs_ReadTwiceInATask_AndShuffledAgain_MatchLinq(int[] data, int partitions)
    {
        // A reduced partition says how many pairs it holds, so the next shuffle sizes its buckets from it; a task may
        // still read it twice, and each read gives every pair.
        var pairs = Layouts.Pairs(data);
        var sums = pairs.GroupBy(p => p.Item1).Select(g => (Sum: g.Sum(p => p.Item2), g.Key)).ToList();
        var reduced = _sc.Parallelize(pairs, partitions).ReduceByKey((a, b) => a + b).Map(pair => (pair.Item2, pair.Item1));
        Assert.Equal(Sorted(sums.Concat(sums)), Sorted(reduced.MapPartitions(records => records.Concat(records)).Collect()));
        Assert.Equal(sums.OrderBy(p => p.Sum).Select(p => p.Sum), reduced.SortByKey(partitions: 3).Keys().Collect());
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void GroupByKey_MatchesLinqGroupBy(int[] data, int partitions)
    {
        var pairs = Layouts.Pairs(data);
        var expected = pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Select(p => p.Item2).Order().ToArray());
        var actual = _sc.Parallelize(pairs, partitions).GroupByKey(3).Collect().ToDictionary(p => p.Item1, p => p.Item2.Order().ToArray());
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void CombineAggregateFoldByKey_MatchLinq(int[] data, int partitions)
    {
        var pairs = Layouts.Pairs(data);
        var rdd = _sc.Parallelize(pairs, partitions);
        var expectedCountSum = pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => (g.Count(), g.Sum(p => p.Item2)));

        var combined = rdd.CombineByKey(v => (1, v), (c, v) => (c.Item1 + 1, c.Item2 + v), (a, b) => (a.Item1 + b.Item1, a.Item2 + b.Item2));
        Assert.Equal(expectedCountSum, combined.Collect().ToDictionary(p => p.Item1, p => p.Item2));
        var withoutMapSide = rdd.CombineByKey(v => (1, v), (c, v) => (c.Item1 + 1, c.Item2 + v), (a, b) => (a.Item1 + b.Item1, a.Item2 + b.Item2), 2, mapSideCombine: false);
        Assert.Equal(expectedCountSum, withoutMapSide.Collect().ToDictionary(p => p.Item1, p => p.Item2));

        var aggregated = rdd.AggregateByKey((0, 0), (acc, v) => (acc.Item1 + 1, acc.Item2 + v), (a, b) => (a.Item1 + b.Item1, a.Item2 + b.Item2));
        Assert.Equal(expectedCountSum, aggregated.Collect().ToDictionary(p => p.Item1, p => p.Item2));

        var lists = rdd.AggregateByKey(() => new List<int>(), (list, v) => { list.Add(v); return list; }, (a, b) => { a.AddRange(b); return a; });
        Assert.Equal(
            pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Select(p => p.Item2).Order().ToArray()),
            lists.Collect().ToDictionary(p => p.Item1, p => p.Item2.Order().ToArray()));

        var maxima = rdd.FoldByKey(int.MinValue, Math.Max);
        Assert.Equal(pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Max(p => p.Item2)), maxima.Collect().ToDictionary(p => p.Item1, p => p.Item2));
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void CountByKey_MatchesLinqGroupCount(int[] data, int partitions)
    {
        var pairs = Layouts.Pairs(data);
        Assert.Equal(pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => (long)g.Count()), _sc.Parallelize(pairs, partitions).CountByKey());
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void SortByKey_MatchesStableLinqOrder(int[] data, int partitions)
    {
        var pairs = Layouts.Pairs(data);
        var rdd = _sc.Parallelize(pairs, partitions);
        Assert.Equal(pairs.OrderBy(p => p.Item1).Select(p => p.Item1), rdd.SortByKey().Keys().Collect());
        Assert.Equal(pairs.OrderByDescending(p => p.Item1).Select(p => p.Item1), rdd.SortByKey(ascending: false, partitions: 4).Keys().Collect());
        var byValue = _sc.Parallelize(data.Select((x, i) => (x, i)), partitions).SortByKey(partitions: 3).Collect();
        Assert.Equal(data.Select((x, i) => (x, i)).OrderBy(p => p.x), byValue);
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void PartitionBy_PutsEveryKeyWhereThePartitionerSays(int[] data, int partitions)
    {
        var pairs = Layouts.Pairs(data);
        var partitioner = new HashPartitioner(3);
        var partitioned = _sc.Parallelize(pairs, partitions).PartitionBy(partitioner);
        Assert.Same(partitioner, partitioned.Partitioner);
        var placed = partitioned.MapPartitionsWithIndex((index, records) => records.Select(p => (index, p.Item1))).Collect();
        Assert.All(placed, p => Assert.Equal(partitioner.GetPartition(p.Item2), p.index));
        Assert.Same(partitioned, partitioned.PartitionBy(new HashPartitioner(3)));
    }

    [Fact]
    public void ReduceByKey_OnCopartitionedInput_DoesNotShuffleAgain()
    {
        var partitioned = _sc.Parallelize(Layouts.Pairs([.. Enumerable.Range(0, 50)]), 4).PartitionBy(new HashPartitioner(2));
        var reduced = partitioned.ReduceByKey((a, b) => a + b, 2);
        Assert.DoesNotContain("  (", reduced.ToDebugString().Split('\n')[1]);
        Assert.Equal(partitioned.Partitioner, reduced.Partitioner);
        Assert.Equal(5, reduced.Count());
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void JoinFamilyAndCogroup_MatchLinqJoins(int[] data, int partitions)
    {
        var left = Layouts.Pairs(data);
        (int, string)[] right = [(0, "zero"), (1, "one"), (1, "uno"), (7, "seven")];
        var l = _sc.Parallelize(left, partitions);
        var r = _sc.Parallelize(right, 2);

        var inner = from a in left join b in right on a.Item1 equals b.Item1 select (a.Item1, (a.Item2, b.Item2));
        Assert.Equal(inner.Order(), l.Join(r).Collect().Order());

        var leftOuter = left.SelectMany(a => right.Where(b => b.Item1 == a.Item1).Select(b => new Optional<string>(b.Item2)).DefaultIfEmpty(Optional<string>.None).Select(b => (a.Item1, (a.Item2, b))));
        Assert.Equal(leftOuter.OrderBy(x => x.ToString()), l.LeftOuterJoin(r, 3).Collect().OrderBy(x => x.ToString()));

        var rightOuter = right.SelectMany(b => left.Where(a => a.Item1 == b.Item1).Select(a => new Optional<int>(a.Item2)).DefaultIfEmpty(Optional<int>.None).Select(a => (b.Item1, (a, b.Item2))));
        Assert.Equal(rightOuter.OrderBy(x => x.ToString()), l.RightOuterJoin(r).Collect().OrderBy(x => x.ToString()));

        var keys = left.Select(p => p.Item1).Union(right.Select(p => p.Item1));
        var fullOuter = keys.SelectMany(k =>
        {
            var ls = left.Where(p => p.Item1 == k).Select(p => new Optional<int>(p.Item2)).DefaultIfEmpty(Optional<int>.None);
            var rs = right.Where(p => p.Item1 == k).Select(p => new Optional<string>(p.Item2)).DefaultIfEmpty(Optional<string>.None);
            return from a in ls from b in rs select (k, (a, b));
        });
        Assert.Equal(fullOuter.OrderBy(x => x.ToString()), l.FullOuterJoin(r).Collect().OrderBy(x => x.ToString()));

        var cogroup = l.Cogroup(r).Collect().ToDictionary(p => p.Item1, p => (string.Join(",", p.Item2.Item1.Order()), string.Join(",", p.Item2.Item2.Order())));
        var expectedCogroup = keys.ToDictionary(k => k, k => (
            string.Join(",", left.Where(p => p.Item1 == k).Select(p => p.Item2).Order()),
            string.Join(",", right.Where(p => p.Item1 == k).Select(p => p.Item2).Order())));
        Assert.Equal(expectedCogroup, cogroup);
    }

    [Fact]
    public void Optional_PrintsLikeScalaAndComparesByValue()
    {
        Assert.Equal("Some(3)", new Optional<int>(3).ToString());
        Assert.Equal("None", Optional<int>.None.ToString());
        Assert.Equal(new Optional<string>("a"), new Optional<string>("a"));
        Assert.NotEqual(new Optional<int>(0), Optional<int>.None);
        Assert.Throws<InvalidOperationException>(() => Optional<int>.None.Value);
        Assert.Equal(5, Optional<int>.None.GetValueOrDefault(5));
    }
}
