using System.Collections.Concurrent;
using Sluice.Datasets;

namespace Sluice.Tests.Datasets;

/// <summary>
/// Accumulators: what tasks add comes back to the driver once per succeeded task, in the shared-memory mode and
/// in the mode where every task travels as bytes (where a captured counter would stay 0).
/// </summary>
public sealed class AccumulatorTests
{
    /// <summary>Attempts per run, outliving each attempt (what a task captures is its own copy).</summary>
    private static readonly ConcurrentDictionary<Guid, int> s_attempts = new();

    [Theory]
    [InlineData("local[2]")]
    [InlineData("local-serialized[2]")]
    public void AdditionsInAnAction_ArriveOncePerRecord(string master)
    {
        using var context = new SluiceContext(new SluiceOptions { Master = master });
        var sum = context.LongAccumulator("sum");
        var words = context.CollectionAccumulator<string>("words");

        context.Parallelize(Enumerable.Range(1, 100), 4).Foreach(value => sum.Add(value));
        context.Parallelize(["a b", "c"], 2).FlatMap(line => line.Split(' ')).Foreach(words.Add);
        sum.Add(1000); // on the driver: at once

        Assert.Equal(5050 + 1000, sum.Value);
        Assert.Equal(101, sum.Count);
        Assert.Equal(["a", "b", "c"], words.Value.Order(StringComparer.Ordinal));
        Assert.Equal("LongAccumulator sum: 6050", sum.ToString());
    }

    [Theory]
    [InlineData("local[2]")]
    [InlineData("local-serialized[2]")]
    public void AFailedAttemptsAdditions_AreDropped(string master)
    {
        using var context = new SluiceContext(new SluiceOptions { Master = master, MaxTaskFailures = 2 });
        var mapped = context.LongAccumulator();
        var run = Guid.NewGuid();

        var result = context.Parallelize(Enumerable.Range(0, 10), 1).Map(value =>
        {
            mapped.Add(1);
            if (value == 9 && s_attempts.AddOrUpdate(run, 1, (_, n) => n + 1) == 1)
            {
                throw new InvalidOperationException("the first attempt fails after adding 10");
            }

            return value;
        }).Collect();

        Assert.Equal(10, result.Length);
        Assert.Equal(10, mapped.Value); // the retry's 10, not the failed attempt's as well
    }
}
