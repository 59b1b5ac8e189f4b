using Sluice.Datasets;

namespace Sluice.TestSupport;

/// <summary>Jobs whose results a master must give as <c>local[N]</c> gives them: the tests of the executor masters run each on both.</summary>
public static class ComparisonJobs
{
    public static readonly string[] Lines = ["a b a", "c b a", "d", "b b e", "a"];

    /// <summary>A word count over <see cref="Lines"/>: 4 map partitions, 3 reduce partitions.</summary>
    public static (string, int)[] WordCounts(SluiceContext context)
        => [.. context.Parallelize(Lines, 4).FlatMap(line => line.Split(' ')).Map(word => (word, 1)).ReduceByKey((a, b) => a + b, 3).Collect().Order()];

    /// <summary>A join, a group and a descending sort, each through a shuffle.</summary>
    public static object JoinsGroupsAndSorts(SluiceContext context)
    {
        var left = context.Parallelize([(1, "a"), (2, "b"), (3, "c"), (1, "d")], 3);
        var right = context.Parallelize([(1, 10), (3, 30), (4, 40)], 2);
        return (
            left.Join(right).Collect().Order().ToArray(),
            left.GroupByKey(2).MapValues(values => string.Join(",", values.Order())).Collect().Order().ToArray(),
            right.SortByKey(ascending: false).Collect());
    }
}
