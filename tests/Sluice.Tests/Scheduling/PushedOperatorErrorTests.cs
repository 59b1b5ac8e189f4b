using System.Collections.Concurrent;
using Sluice.Datasets;
using Sluice.Execution;
using Sluice.Text;

namespace Sluice.Tests.Scheduling;

/// <summary>
/// The operators before a map-side combine push their records and hold no exception handler; a failed job must
/// still name the operator whose function threw, found by running the partition again through the enumerators.
/// </summary>
public class PushedOperatorErrorTests
{
    /// <summary>
    /// Calls per test run. A task gets copies of what its functions capture (in the serializing mode, through
    /// bytes), so a count that must outlive the copies lives here.
    /// </summary>
    private static readonly ConcurrentDictionary<Guid, int> s_calls = new();

    private static SluiceContext Context() => new(new SluiceOptions { Master = "local[2]", MaxTaskFailures = 1 });

    [Fact]
    public void MapBeforeReduceByKey_ThatThrows_IsNamed()
    {
        using var sc = Context();
        var mapped = sc.Parallelize(Enumerable.Range(0, 100), 2).Filter(x => x >= 0).Map(x => x == 57 ? throw new FormatException("bad 57") : (x % 7, x)).SetName("parse");

        var error = Assert.Throws<JobFailedException>(() => mapped.ReduceByKey((a, b) => a + b).Collect());

        Assert.Equal("map 'parse' (rdd " + mapped.Id + ")", error.Operator);
        Assert.Equal("bad 57", Assert.IsType<FormatException>(error.InnerException).Message);
    }

    [Fact]
    public void FilterAndFlatMapBeforeReduceByKey_ThatThrow_AreNamed()
    {
        using var sc = Context();
        var numbers = sc.Parallelize(Enumerable.Range(0, 100), 2);

        var filterError = Assert.Throws<JobFailedException>(() =>
            numbers.Filter(x => x == 13 ? throw new InvalidOperationException("filter 13") : true).Map(x => (x, 1)).ReduceByKey((a, b) => a + b).Count());
        var flatMapError = Assert.Throws<JobFailedException>(() =>
            numbers.FlatMap(x => x == 13 ? throw new InvalidOperationException("flatMap 13") : new[] { x, x }).Map(x => (x, 1)).ReduceByKey((a, b) => a + b).Count());

        Assert.StartsWith("filter (rdd ", filterError.Operator);
        Assert.StartsWith("flatMap (rdd ", flatMapError.Operator);
    }

    [Fact]
    public void CombiningFunctionThatThrowsOnTheMapSide_NamesTheAggregation()
    {
        using var sc = Context();
        var words = sc.Parallelize(["a b a", "b b"], 1).Map(line => new Utf8Text(line)).Words().Map(word => (word, 1));

        var error = Assert.Throws<JobFailedException>(() => words.ReduceByKey((a, b) => b > 0 ? throw new ArithmeticException("merge") : a).Collect());

        Assert.Contains("reduceByKey", error.Operator);
        Assert.IsType<ArithmeticException>(error.InnerException);
    }

    [Fact]
    public void FailureThatDoesNotComeBack_IsNotPinnedOnAnOperator()
    {
        using var sc = Context();
        var run = Guid.NewGuid();
        var last = sc.Parallelize(Enumerable.Range(0, 10), 1)
            .Map(x => x == 3 && s_calls.AddOrUpdate(run, 1, (_, n) => n + 1) == 1 ? throw new TimeoutException("once") : (x, x))
            .Filter(_ => true);

        var error = Assert.Throws<JobFailedException>(() => last.ReduceByKey((a, b) => a + b).Collect());

        // The replay called the function again and it did not throw, so neither the map nor the aggregation is
        // blamed: the job names the stage's last operator, as for any error that escaped no operator.
        Assert.Equal(2, s_calls[run]);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Equal("filter (rdd " + last.Id + ")", error.Operator);
    }
}
