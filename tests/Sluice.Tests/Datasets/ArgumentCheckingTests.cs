using Sluice.Datasets;

namespace Sluice.Tests.Datasets;

/// <summary>Every public dataset operation rejects null functions and out-of-range sizes at the call, not in a task.</summary>
public class ArgumentCheckingTests(SluiceContextFixture fixture) : IClassFixture<SluiceContextFixture>
{
    private readonly SluiceContext _sc = fixture.Context;

    [Fact]
    public void RddOperations_NullArguments_ThrowArgumentNullException()
    {
        var rdd = _sc.Parallelize([1, 2, 3]);
        var pairs = _sc.Parallelize([(1, 2)]);
        Action[] calls =
        [
            () => _sc.Parallelize<int>(null!),
            () => _sc.Union<int>(null!),
            () => rdd.Map<int>(null!),
            () => rdd.FlatMap<int>(null!),
            () => rdd.Filter(null!),
            () => rdd.MapPartitions<int>(null!),
            () => rdd.MapPartitionsWithIndex<int>(null!),
            () => rdd.Union(null!),
            () => rdd.KeyBy<int>(null!),
            () => rdd.SortBy<int>(null!),
            () => rdd.Select<int>(null!),
            () => rdd.Where(null!),
            () => rdd.SelectMany<int>(null!),
            () => rdd.SelectMany<int, int>(null!, (a, b) => a),
            () => rdd.SelectMany<int, int>(x => [x], null!),
            () => rdd.Reduce(null!),
            () => rdd.Fold(0, null!),
            () => rdd.Aggregate(0, null!, (a, b) => a),
            () => rdd.Aggregate(0, (a, b) => a, null!),
            () => rdd.Foreach(null!),
            () => rdd.ForeachPartition(null!),
            () => rdd.SaveAsTextFile(null!),
            () => RddExtensions.Distinct<int>(null!),
            () => RddExtensions.CountByValue<int>(null!),
            () => pairs.MapValues<int, int, int>(null!),
            () => pairs.FlatMapValues<int, int, int>(null!),
            () => pairs.ReduceByKey(null!),
            () => pairs.ReduceByKey((a, b) => a, (Partitioner)null!),
            () => pairs.CombineByKey<int, int, int>(null!, (c, v) => c, (a, b) => a),
            () => pairs.CombineByKey<int, int, int>(v => v, null!, (a, b) => a),
            () => pairs.CombineByKey<int, int, int>(v => v, (c, v) => c, null!),
            () => pairs.AggregateByKey<int, int, int>(0, (Func<int, int, int>)null!, (a, b) => a),
            () => pairs.AggregateByKey<int, int, int>((Func<int>)null!, (a, v) => a, (a, b) => a),
            () => pairs.FoldByKey(0, null!),
            () => pairs.PartitionBy(null!),
            () => pairs.Join<int, int, int>(null!),
            () => pairs.LeftOuterJoin<int, int, int>(null!),
            () => pairs.RightOuterJoin<int, int, int>(null!),
            () => pairs.FullOuterJoin<int, int, int>(null!),
            () => pairs.Cogroup<int, int, int>(null!),
            () => PairRddExtensions.Keys<int, int>(null!),
            () => PairRddExtensions.SortByKey<int, int>(null!),
            () => PairRddExtensions.CountByKey<int, int>(null!),
        ];

        Assert.All(calls, call => Assert.ThrowsAny<ArgumentException>(call));
        Assert.All(calls, call => Assert.IsType<ArgumentNullException>(Record.Exception(call), exactMatch: false));
    }

    [Fact]
    public void RddOperations_OutOfRangeSizes_ThrowArgumentOutOfRangeException()
    {
        var rdd = _sc.Parallelize([1, 2, 3]);
        var pairs = _sc.Parallelize([(1, 2)]);
        Action[] calls =
        [
            () => _sc.Parallelize([1], 0),
            () => rdd.Take(-1),
            () => rdd.Top(-1),
            () => rdd.TakeOrdered(-1),
            () => rdd.Coalesce(0),
            () => rdd.Repartition(0),
            () => rdd.Sample(false, 1.5),
            () => rdd.Sample(true, -0.1),
            () => rdd.Persist((StorageLevel)99),
            () => pairs.ReduceByKey((a, b) => a, 0),
            () => pairs.GroupByKey(-2),
            () => pairs.SortByKey(partitions: 0),
            () => _ = new HashPartitioner(0),
        ];

        Assert.All(calls, call => Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(call)));
    }

    [Theory]
    [InlineData("local[0]")]
    [InlineData("local[-1]")]
    [InlineData("spark://host:7077")]
    [InlineData("local[two]")]
    public void Options_InvalidMaster_ExplainsTheAcceptedForms(string master)
    {
        var error = Assert.Throws<ArgumentException>(() => new SluiceContext(new SluiceOptions { Master = master }));
        Assert.Contains("local[N]", error.Message);
    }

    [Fact]
    public void Options_MaxTaskFailuresBelowOne_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new SluiceContext(new SluiceOptions { MaxTaskFailures = 0 }));
}
