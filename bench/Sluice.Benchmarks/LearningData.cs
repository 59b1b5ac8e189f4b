namespace Sluice.Benchmarks;

/// <summary>The learning harnesses' data, the same for Sluice and the yardstick: points around centers, and labeled points of a linear model.</summary>
internal static class LearningData
{
    /// <summary><paramref name="count"/> points of <paramref name="dimensions"/> around <paramref name="clusters"/> centers 10 apart, a normal spread of 1.</summary>
    public static double[][] Points(int batch, int count, int dimensions, int clusters)
    {
        var random = new Random(batch);
        var centers = Enumerable.Range(0, clusters).Select(c => Enumerable.Range(0, dimensions).Select(d => (double)(((c * 7) + d) % 5) * 10).ToArray()).ToArray();
        return [.. Enumerable.Range(0, count).Select(i => centers[i % clusters].Select(value => value + Gaussian(random)).ToArray())];
    }

    /// <summary><paramref name="count"/> feature rows with labels <c>Σ x_j·(j+1)/d + noise</c>, the label last.</summary>
    public static double[][] Labeled(int batch, int count, int features)
    {
        var random = new Random(batch);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var row = new double[features + 1];
            for (var j = 0; j < features; j++)
            {
                row[j] = Gaussian(random);
                row[features] += row[j] * (j + 1) / features;
            }

            row[features] += 0.1 * Gaussian(random);
            return row;
        })];
    }

    private static double Gaussian(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
