namespace Sluice.Benchmarks;

/// <summary>The median of a harness's timed runs, which every table reports.</summary>
internal static class Medians
{
    /// <summary>The median of <paramref name="values"/> (the upper one of an even count).</summary>
    public static double Of(IReadOnlyCollection<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The median of <paramref name="runs"/> measurements; each is given its run's index (0, 1, …).</summary>
    public static double Of(int runs, Func<int, double> measure) => Of([.. Enumerable.Range(0, runs).Select(measure)]);

    /// <summary>The median of <paramref name="runs"/> measurements taken one after another.</summary>
    public static async Task<double> OfAsync(int runs, Func<Task<double>> measure)
    {
        var results = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            results.Add(await measure());
        }

        return Of(results);
    }
}
