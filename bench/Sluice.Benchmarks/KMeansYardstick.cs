using System.Numerics.Tensors;

namespace Sluice.Benchmarks;

/// <summary>
/// Streaming k-means written by hand over arrays of doubles: each point to its nearest center, summed per center, then
/// Spark's update of the centers (decay 1). On one thread (the yardstick), or on <paramref name="threads"/> each
/// summing its share of the batch: what the machine's cores give hand-written code, the ceiling for the engine's tasks.
/// </summary>
internal sealed class KMeansYardstick(int k, int dimensions, int threads = 1)
{
    private readonly double[][] _centers = RandomCenters(k, dimensions);
    private readonly double[] _weights = new double[k];

    public void Train(double[][] batch)
    {
        var shares = new (double[][] Sums, long[] Counts)[threads];
        var share = (batch.Length + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
            shares[thread] = Assign(batch.AsSpan(Math.Min(thread * share, batch.Length), Math.Clamp(batch.Length - (thread * share), 0, share))));
        for (var c = 0; c < _centers.Length; c++)
        {
            var count = shares.Sum(part => part.Counts[c]);
            if (count > 0)
            {
                var sum = new double[dimensions];
                Array.ForEach(shares, part => TensorPrimitives.Add(sum, part.Sums[c], sum));
                _weights[c] += count;
                var lambda = count / _weights[c];
                TensorPrimitives.Multiply(_centers[c], 1 - lambda, _centers[c]);
                TensorPrimitives.MultiplyAdd(sum, lambda / count, _centers[c], _centers[c]);
            }
        }
    }

    private (double[][] Sums, long[] Counts) Assign(ReadOnlySpan<double[]> points)
    {
        var sums = Enumerable.Range(0, _centers.Length).Select(_ => new double[dimensions]).ToArray();
        var counts = new long[_centers.Length];
        foreach (var point in points)
        {
            var (best, bestDistance) = (0, double.MaxValue);
            for (var c = 0; c < _centers.Length; c++)
            {
                var distance = TensorPrimitives.Distance(point, _centers[c]);
                if (distance < bestDistance)
                {
                    (best, bestDistance) = (c, distance);
                }
            }

            TensorPrimitives.Add(sums[best], point, sums[best]);
            counts[best]++;
        }

        return (sums, counts);
    }

    private static double[][] RandomCenters(int k, int dimensions)
    {
        var random = new Random(1);
        return [.. Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, dimensions).Select(_ => random.NextDouble()).ToArray())];
    }
}
