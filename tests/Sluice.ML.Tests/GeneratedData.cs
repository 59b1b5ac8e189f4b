namespace Sluice.ML.Tests;

/// <summary>Data with a known answer, from a seeded generator: points around centers, and labeled points of a linear model with noise.</summary>
public static class GeneratedData
{
    /// <summary><paramref name="batches"/> batches of <paramref name="perBatch"/> points, each around one of <paramref name="centers"/> (chosen in turn) with a normal spread of <paramref name="spread"/> per coordinate, with the index of its center.</summary>
    public static List<List<(int Center, Vector Point)>> Clusters(double[][] centers, int batches, int perBatch, double spread, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, batches).Select(_ => Enumerable.Range(0, perBatch).Select(i =>
        {
            var center = i % centers.Length;
            return (center, Vectors.Dense([.. centers[center].Select(value => value + (spread * Gaussian(random)))]));
        }).ToList())];
    }

    /// <summary>Batches of points whose label is <c>w·x + b</c> plus normal noise of <paramref name="noise"/>, features standard normal.</summary>
    public static List<List<LabeledPoint>> Linear(double[] weights, double intercept, int batches, int perBatch, double noise, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, batches).Select(_ => Enumerable.Range(0, perBatch).Select(_ =>
        {
            var features = weights.Select(_ => Gaussian(random)).ToArray();
            var label = features.Zip(weights, (x, w) => x * w).Sum() + intercept + (noise * Gaussian(random));
            return new LabeledPoint(label, Vectors.Dense(features));
        }).ToList())];
    }

    /// <summary>Batches of points labeled 1 with the probability <c>σ(w·x + b)</c>, features standard normal.</summary>
    public static List<List<LabeledPoint>> Logistic(double[] weights, double intercept, int batches, int perBatch, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, batches).Select(_ => Enumerable.Range(0, perBatch).Select(_ =>
        {
            var features = weights.Select(_ => Gaussian(random)).ToArray();
            var probability = 1 / (1 + Math.Exp(-(features.Zip(weights, (x, w) => x * w).Sum() + intercept)));
            return new LabeledPoint(random.NextDouble() < probability ? 1 : 0, Vectors.Dense(features));
        }).ToList())];
    }

    public static double Gaussian(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
