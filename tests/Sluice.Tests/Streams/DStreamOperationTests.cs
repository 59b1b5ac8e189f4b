using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Streams;

/// <summary>Every stateless stream operation against LINQ applied to each batch's input, empty batches included.</summary>
public class DStreamOperationTests
{
    private static readonly int[][] s_batches =
    [
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        [],
        [5],
        [.. Enumerable.Range(0, 100).Select(i => (i * 13) % 17)],
    ];

    private static readonly string[][] s_lines = [["a b", "b c b"], [], ["d"]];

    private static async Task AssertPerBatch<T>(Func<DStream<int>, DStream<T>> operation, Func<int[], IEnumerable<T>> expected, bool ordered = true, int partitions = 3)
    {
        var output = await StreamingTest.RunAsync(s_batches, operation, partitions: partitions);
        Assert.Equal(s_batches.Length, output.Count);
        for (var i = 0; i < s_batches.Length; i++)
        {
            var want = expected(s_batches[i]).ToArray();
            if (ordered)
            {
                Assert.Equal(want, output[i]);
            }
            else
            {
                Assert.Equal(want.Order(), output[i].Order());
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public Task Map_MatchesSelect(int partitions) => AssertPerBatch(s => s.Map(x => x * 3), b => b.Select(x => x * 3), partitions: partitions);

    [Fact]
    public Task FlatMap_MatchesSelectMany() => AssertPerBatch(s => s.FlatMap(x => Enumerable.Repeat(x, x % 3)), b => b.SelectMany(x => Enumerable.Repeat(x, x % 3)));

    [Fact]
    public Task Filter_MatchesWhere() => AssertPerBatch(s => s.Filter(x => x % 2 == 1), b => b.Where(x => x % 2 == 1));

    [Fact]
    public Task QuerySyntax_MatchesLinqQuery()
        => AssertPerBatch(
            s => from x in s from y in new[] { x, -x } where y > 2 select y + 1,
            b => from x in b from y in new[] { x, -x } where y > 2 select y + 1);

    [Fact]
    public Task MapPartitions_MatchesPerPartitionSums()
        => AssertPerBatch(s => s.MapPartitions(records => new[] { records.Sum() }).Reduce((a, b) => a + b), b => b.Length == 0 ? [0] : [b.Sum()]);

    [Fact]
    public Task Glom_ConcatenatesToInput() => AssertPerBatch(s => s.Glom().FlatMap(part => part), b => b);

    [Fact]
    public async Task Glom_OneArrayPerPartition()
    {
        var output = await StreamingTest.RunAsync(s_batches, s => s.Glom().Map(part => part.Length), partitions: 4);
        Assert.All(output, batch => Assert.Equal(4, batch.Length));
    }

    [Fact]
    public async Task Repartition_SetsPartitionCountAndKeepsRecords()
    {
        var output = await StreamingTest.RunAsync(s_batches, s => s.Repartition(5).Glom(), partitions: 2);
        Assert.All(output, batch => Assert.Equal(5, batch.Length));
        Assert.Equal(s_batches.Select(b => b.Order()), output.Select(batch => batch.SelectMany(p => p).Order()));
    }

    [Fact]
    public Task Union_MatchesConcat() => AssertPerBatch(s => s.Union(s.Map(x => -x)), b => b.Concat(b.Select(x => -x)), ordered: false);

    [Fact]
    public async Task ContextUnion_OfThreeStreams_MatchesConcat()
    {
        using var test = new StreamingTestContext();
        var first = test.Input(s_batches);
        var union = test.Context.Union(first, first.Map(x => x + 1000), first.Filter(x => x > 5));
        var output = test.Collect(union);
        await test.RunBatchesAsync(s_batches.Length);
        Assert.Equal(s_batches.Select(b => b.Concat(b.Select(x => x + 1000)).Concat(b.Where(x => x > 5)).Order().ToArray()), output.Batches.Select(b => b.Order().ToArray()));
    }

    [Fact]
    public Task Count_OneRecordPerBatchEvenWhenEmpty() => AssertPerBatch(s => s.Count(), b => [(long)b.Length]);

    [Fact]
    public Task Reduce_NothingForEmptyBatch() => AssertPerBatch(s => s.Reduce((a, b) => a + b), b => b.Length == 0 ? [] : [b.Sum()]);

    [Fact]
    public Task CountByValue_MatchesGroupCount()
        => AssertPerBatch(s => s.CountByValue(), b => b.GroupBy(x => x).Select(g => (g.Key, (long)g.Count())), ordered: false);

    [Fact]
    public Task ReduceByKey_MatchesGroupSum()
        => AssertPerBatch(s => s.Map(x => (x % 4, x)).ReduceByKey((a, b) => a + b, 2), b => b.GroupBy(x => x % 4).Select(g => (g.Key, g.Sum())), ordered: false);

    [Fact]
    public Task ReduceByKey_WithPartitioner_MatchesGroupSum()
        => AssertPerBatch(s => s.Map(x => (x % 4, x)).ReduceByKey((a, b) => a + b, new HashPartitioner(3)), b => b.GroupBy(x => x % 4).Select(g => (g.Key, g.Sum())), ordered: false);

    [Fact]
    public Task GroupByKey_MatchesGroupBy()
        => AssertPerBatch(
            s => s.Map(x => (x % 4, x)).GroupByKey().Map(p => (p.Item1, string.Join(",", p.Item2.Order()))),
            b => b.GroupBy(x => x % 4).Select(g => (g.Key, string.Join(",", g.Order()))),
            ordered: false);

    [Fact]
    public Task CombineByKey_MatchesGroupCount()
        => AssertPerBatch(
            s => s.Map(x => (x % 3, x)).CombineByKey(v => 1, (c, v) => c + 1, (a, b) => a + b),
            b => b.GroupBy(x => x % 3).Select(g => (g.Key, g.Count())),
            ordered: false);

    [Fact]
    public Task MapValuesAndFlatMapValues_MatchLinq()
        => AssertPerBatch(
            s => s.Map(x => (x % 3, x)).MapValues(v => v * 2).FlatMapValues(v => new[] { v, v + 1 }),
            b => b.Select(x => (x % 3, x * 2)).SelectMany(p => new[] { p, (p.Item1, p.Item2 + 1) }));

    [Fact]
    public async Task JoinFamily_BatchByBatch_MatchLinqJoins()
    {
        using var test = new StreamingTestContext();
        var left = test.Input(s_batches).Map(x => (x % 3, x));
        var right = test.Input(s_batches.Select(b => b.Where(x => x % 2 == 0).Select(x => x * 10))).Map(x => (x % 3, x));
        var join = test.Collect(left.Join(right));
        var leftOuter = test.Collect(left.LeftOuterJoin(right, 2));
        var rightOuter = test.Collect(left.RightOuterJoin(right));
        var fullOuter = test.Collect(left.FullOuterJoin(right));
        var cogroup = test.Collect(left.Cogroup(right).Map(p => (p.Item1, p.Item2.Item1.Count, p.Item2.Item2.Count)));
        await test.RunBatchesAsync(s_batches.Length);

        for (var i = 0; i < s_batches.Length; i++)
        {
            var l = s_batches[i].Select(x => (x % 3, x)).ToArray();
            var r = s_batches[i].Where(x => x % 2 == 0).Select(x => (x * 10 % 3, x * 10)).ToArray();
            Assert.Equal((from a in l join b in r on a.Item1 equals b.Item1 select (a.Item1, (a.Item2, b.Item2))).Order(), join.Batches[i].Order());
            Assert.Equal(l.Sum(a => Math.Max(1, r.Count(b => b.Item1 == a.Item1))), leftOuter.Batches[i].Length);
            Assert.Equal(r.Sum(b => Math.Max(1, l.Count(a => a.Item1 == b.Item1))), rightOuter.Batches[i].Length);
            var keys = l.Select(p => p.Item1).Union(r.Select(p => p.Item1)).ToArray();
            Assert.Equal(keys.Sum(k => Math.Max(1, l.Count(a => a.Item1 == k)) * Math.Max(1, r.Count(b => b.Item1 == k))), fullOuter.Batches[i].Length);
            Assert.Equal(keys.Select(k => (k, l.Count(a => a.Item1 == k), r.Count(b => b.Item1 == k))).Order(), cogroup.Batches[i].Order());
        }
    }

    [Fact]
    public async Task Transform_WithAndWithoutTime_SeesEachBatchDataset()
    {
        using var test = new StreamingTestContext();
        var input = test.Input(s_batches);
        var sorted = test.Collect(input.Transform(rdd => rdd.SortBy(x => -x)));
        var timed = test.Collect(input.Transform((rdd, time) => rdd.Map(x => (time, x))));
        var infos = await test.RunBatchesAsync(s_batches.Length);

        Assert.Equal(s_batches.Select(b => b.OrderDescending().ToArray()), sorted.Batches);
        for (var i = 0; i < infos.Count; i++)
        {
            Assert.All(timed.Batches[i], pair => Assert.Equal(infos[i].BatchTime, pair.time));
        }
    }

    [Fact]
    public async Task TransformWith_CombinesTheSameBatchOfBothStreams()
    {
        using var test = new StreamingTestContext();
        var numbers = test.Input(s_batches);
        var words = test.Input(s_lines);
        var combined = test.Collect(numbers.TransformWith(words, (n, w) => n.Map(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)).Union(w)));
        var timed = test.Collect(numbers.TransformWith(words, (n, w, time) => w.Map(line => (time, line))));
        var infos = await test.RunBatchesAsync(s_batches.Length);

        for (var i = 0; i < s_batches.Length; i++)
        {
            var lines = i < s_lines.Length ? s_lines[i] : [];
            Assert.Equal(s_batches[i].Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)).Concat(lines), combined.Batches[i]);
            Assert.Equal(lines.Select(line => (infos[i].BatchTime, line)), timed.Batches[i]);
        }
    }

    [Fact]
    public async Task Slice_ReturnsRememberedDatasetsInRange()
    {
        using var test = new StreamingTestContext();
        var input = test.Input(s_batches);
        test.Context.Remember(TimeSpan.FromSeconds(10));
        input.ForeachRdd(_ => { });
        var infos = await test.RunBatchesAsync(s_batches.Length);

        var slices = input.Slice(infos[0].BatchTime, infos[^1].BatchTime);
        Assert.Equal(s_batches, slices.Select(rdd => rdd.Collect()));
        Assert.Throws<ArgumentException>(() => input.Slice(infos[0].BatchTime.AddMilliseconds(1), infos[1].BatchTime));
    }

    [Fact]
    public async Task Slice_OlderThanRememberDuration_IsForgotten()
    {
        using var test = new StreamingTestContext();
        var input = test.Input(s_batches);
        input.ForeachRdd(_ => { });
        var infos = await test.RunBatchesAsync(s_batches.Length);
        var remembered = input.Slice(infos[0].BatchTime, infos[^1].BatchTime);
        Assert.InRange(remembered.Count, 1, 2);
    }

    [Fact]
    public async Task Cache_ComputesEachBatchOnceForTwoOutputs()
    {
        using var test = new StreamingTestContext();
        var computed = test.Context.SluiceContext.LongAccumulator("computed");
        var mapped = test.Input(s_batches).Map(x =>
        {
            computed.Add(1);
            return x;
        }).Cache();
        var a = test.Collect(mapped);
        var b = test.Collect(mapped.Map(x => x + 1));
        await test.RunBatchesAsync(s_batches.Length);
        Assert.Equal(s_batches.Sum(batch => batch.Length), computed.Value);
        Assert.Equal(s_batches, a.Batches);
    }

    [Fact]
    public void Name_PinsIdentity_AndRejectsDuplicates()
    {
        using var test = new StreamingTestContext();
        var input = test.Input(s_batches);
        var mapped = input.Map(x => x);
        Assert.Equal($"map-{mapped.Id}", mapped.Identity);
        Assert.Same(mapped, mapped.Name("doubled"));
        Assert.Equal("doubled", mapped.Identity);
        Assert.Equal("map", mapped.Kind);
        Assert.Throws<ArgumentException>(() => input.Filter(x => true).Name("doubled"));
    }

    [Fact]
    public void OperatorIds_FollowCreationOrder()
    {
        using var first = new StreamingTestContext();
        using var second = new StreamingTestContext();
        int[] Build(StreamingTestContext test)
        {
            var input = test.Input(s_batches);
            var counts = input.Map(x => (x, 1)).ReduceByKey((a, b) => a + b);
            return [input.Id, counts.Id];
        }

        Assert.Equal(Build(first), Build(second));
    }
}
