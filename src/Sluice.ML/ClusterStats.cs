using System.Runtime.CompilerServices;

namespace Sluice.ML;

/// <summary>
/// What a batch's points say of each cluster of a model: the sum and count of the points nearest its center, and
/// the batch's cost (the squared distances of its points to their nearest centers). One per partition, merged on the
/// driver.
/// </summary>
internal sealed class ClusterStats
{
    public ClusterStats(int k, int dimensions)
    {
        Sums = new double[k][];
        for (var i = 0; i < k; i++)
        {
            Sums[i] = new double[dimensions];
        }

        Counts = new long[k];
    }

    public double[][] Sums { get; init; }

    public long[] Counts { get; init; }

    public double Cost { get; set; }

    public long Points => Counts.Sum();

    /// <summary>The statistics of <paramref name="points"/> against <paramref name="model"/>'s centers.</summary>
    public static ClusterStats Of(KMeansModel model, IEnumerable<Vector> points)
    {
        var stats = new ClusterStats(model.K, model.Dimensions);
        if (Records.TryGetSpan(points, out var span))
        {
            foreach (var point in span)
            {
                stats.Take(model, point);
            }
        }
        else
        {
            foreach (var point in points)
            {
                stats.Take(model, point);
            }
        }

        return stats;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Take(KMeansModel model, Vector point)
    {
        var (nearest, distance) = model.Nearest(point);
        point.AddTo(1, Sums[nearest]);
        Counts[nearest]++;
        Cost += distance;
    }

    /// <summary>Adds <paramref name="other"/>'s sums, counts and cost to these.</summary>
    public ClusterStats Merge(ClusterStats other)
    {
        for (var i = 0; i < Counts.Length; i++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(Sums[i], other.Sums[i], Sums[i]);
            Counts[i] += other.Counts[i];
        }

        Cost += other.Cost;
        return this;
    }
}
