using Sluice.Datasets;
using Sluice.Execution;

namespace Sluice.Tests.Datasets;

/// <summary>
/// A sort runs in two places, the map tasks (each sorts its buckets) and the reduce side (which merges them): a
/// comparer of the user's that throws in either is named as the sort's.
/// </summary>
public class SortByKeyErrorTests
{
    private static readonly IComparer<int> s_throwing = Comparer<int>.Create((_, _) => throw new InvalidOperationException("cannot compare"));

    [Fact]
    public void AComparerThatThrowsInAMapTask_NamesTheSort()
    {
        using var sc = new SluiceContext(new SluiceOptions { Master = "local[2]", MaxTaskFailures = 1 });

        // One partition of two records, into one: the map task sorts them; there is one run, so no merge.
        var error = Assert.Throws<JobFailedException>(() => sc.Parallelize([(2, "b"), (1, "a")], 1).SortByKey(partitions: 1, comparer: s_throwing).Collect());

        Assert.StartsWith("sortByKey (rdd ", error.Operator);
        Assert.Equal("cannot compare", Assert.IsType<InvalidOperationException>(error.InnerException).Message);
    }

    [Fact]
    public void AComparerThatThrowsWhileMerging_NamesTheSort()
    {
        using var sc = new SluiceContext(new SluiceOptions { Master = "local[2]", MaxTaskFailures = 1 });

        // Two partitions of one record each: nothing to sort in a map task; the reduce side compares the two runs,
        // in a stage whose last operator is the map after the sort.
        var error = Assert.Throws<JobFailedException>(() => sc.Parallelize([(2, "b"), (1, "a")], 2).SortByKey(partitions: 1, comparer: s_throwing).Map(pair => pair.Item2).Collect());

        Assert.StartsWith("sortByKey (rdd ", error.Operator);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }
}
