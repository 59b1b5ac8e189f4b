using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Streams;

/// <summary>Every public stream operation rejects bad arguments when the graph is built, not in a later batch.</summary>
public class DStreamArgumentCheckingTests
{
    [Fact]
    public void StreamOperations_NullArguments_ThrowArgumentNullException()
    {
        using var test = new StreamingTestContext();
        var ctx = test.Context;
        var stream = test.Input<int>([[1]]);
        var pairs = stream.Map(x => (x, x));
        Action[] calls =
        [
            () => ctx.QueueStream<int>(null!),
            () => ctx.Union<int>(null!),
            () => ctx.AddStreamingListener(null!),
            () => stream.Map<int>(null!),
            () => stream.FlatMap<int>(null!),
            () => stream.Filter(null!),
            () => stream.MapPartitions<int>(null!),
            () => stream.Union(null!),
            () => stream.Reduce(null!),
            () => stream.Transform<int>((Func<Rdd<int>, Rdd<int>>)null!),
            () => stream.Transform<int>((Func<Rdd<int>, DateTimeOffset, Rdd<int>>)null!),
            () => stream.TransformWith<int, int>(null!, (a, b) => a),
            () => stream.TransformWith<int, int>(stream, (Func<Rdd<int>, Rdd<int>, Rdd<int>>)null!),
            () => stream.Select<int>(null!),
            () => stream.Where(null!),
            () => stream.SelectMany<int>(null!),
            () => stream.SelectMany<int, int>(null!, (a, b) => a),
            () => stream.ForeachRdd((Action<Rdd<int>>)null!),
            () => stream.ForeachRdd((Action<Rdd<int>, DateTimeOffset>)null!),
            () => stream.SaveAsTextFiles(null!),
            () => stream.Name(null!),
            () => DStreamExtensions.CountByValue<int>(null!),
            () => pairs.ReduceByKey(null!),
            () => pairs.ReduceByKey((a, b) => a, (Partitioner)null!),
            () => PairDStreamExtensions.GroupByKey<int, int>(null!),
            () => pairs.CombineByKey<int, int, int>(null!, (c, v) => c, (a, b) => a),
            () => pairs.MapValues<int, int, int>(null!),
            () => pairs.FlatMapValues<int, int, int>(null!),
            () => pairs.Join<int, int, int>(null!),
            () => pairs.LeftOuterJoin<int, int, int>(null!),
            () => pairs.RightOuterJoin<int, int, int>(null!),
            () => pairs.FullOuterJoin<int, int, int>(null!),
            () => pairs.Cogroup<int, int, int>(null!),
        ];

        Assert.All(calls, call => Assert.IsType<ArgumentNullException>(Record.Exception(call), exactMatch: false));
    }

    [Fact]
    public void StreamOperations_OutOfRangeArguments_ThrowArgumentOutOfRangeException()
    {
        using var test = new StreamingTestContext();
        var stream = test.Input<int>([[1]]);
        var pairs = stream.Map(x => (x, x));
        Action[] calls =
        [
            () => stream.Repartition(0),
            () => stream.Print(-1),
            () => stream.Persist((StorageLevel)42),
            () => pairs.ReduceByKey((a, b) => a, 0),
            () => pairs.GroupByKey(-1),
            () => pairs.Join(pairs, 0),
            () => test.Context.Remember(TimeSpan.FromSeconds(-1)),
            () => test.Context.Union(Array.Empty<DStream<int>>()),
        ];

        Assert.All(calls, call => Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(call)));
        Assert.Throws<ArgumentException>(() => stream.Name(" "));
    }
}
