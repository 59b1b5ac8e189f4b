using System.Numerics.Tensors;
using System.Text.Json.Serialization;

namespace Sluice.ML;

/// <summary>
/// A k-means model: its cluster centers and their weights (how many points, discounted, each stands for), as
/// Spark's <c>StreamingKMeansModel</c>. Immutable: streaming k-means makes a new model each batch.
/// </summary>
public sealed class KMeansModel
{
    private readonly double[][] _centers;
    private readonly double[] _weights;

    /// <summary>A model of <paramref name="clusterCenters"/>, each with its weight.</summary>
    /// <param name="clusterCenters">The cluster centers, all of one size.</param>
    /// <param name="clusterWeights">Each center's weight, not negative.</param>
    /// <exception cref="ArgumentException">No centers, centers of different sizes, or not one weight per center.</exception>
    [JsonConstructor]
    public KMeansModel(IReadOnlyList<Vector> clusterCenters, IReadOnlyList<double> clusterWeights)
        : this(Dense(clusterCenters), [.. clusterWeights ?? throw new ArgumentNullException(nameof(clusterWeights))])
    {
    }

    private KMeansModel(double[][] centers, double[] weights)
    {
        if (centers.Length == 0 || centers.Any(center => center.Length != centers[0].Length))
        {
            throw new ArgumentException(centers.Length == 0 ? "A k-means model needs at least one center." : "The centers must all have as many dimensions.", nameof(centers));
        }

        if (weights.Length != centers.Length || weights.Any(weight => weight < 0 || double.IsNaN(weight)))
        {
            throw new ArgumentException($"A k-means model needs one weight, not negative, per center: {centers.Length} centers, {weights.Length} weights.", nameof(weights));
        }

        _centers = centers;
        _weights = weights;
    }

    /// <summary>How many clusters.</summary>
    [JsonIgnore]
    public int K => _centers.Length;

    /// <summary>How many dimensions the centers (and the points) have.</summary>
    [JsonIgnore]
    public int Dimensions => _centers[0].Length;

    /// <summary>The cluster centers.</summary>
    public IReadOnlyList<Vector> ClusterCenters => [.. _centers.Select(center => Vectors.Dense(center))];

    /// <summary>Each center's weight: the points it stands for, discounted by the decay.</summary>
    public IReadOnlyList<double> ClusterWeights => _weights;

    /// <summary>The index of the center nearest to <paramref name="point"/> (squared Euclidean distance; the first of equals).</summary>
    /// <param name="point">A point with <see cref="Dimensions"/> values.</param>
    /// <returns>The cluster's index.</returns>
    public int Predict(Vector point) => Nearest(point).Cluster;

    /// <summary>The sum of the squared distances of <paramref name="points"/> to their nearest centers.</summary>
    /// <param name="points">The points.</param>
    /// <returns>The cost.</returns>
    public double ComputeCost(IEnumerable<Vector> points) => points.Sum(point => Nearest(point).SquaredDistance);

    internal (int Cluster, double SquaredDistance) Nearest(Vector point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.IsSparse || point.Size != Dimensions)
        {
            return NearestBySquares(point);
        }

        // The hot path: a dense point against every center by Euclidean distance (the same order as its square), squared once.
        var values = point.StoredValues;
        var (best, bestDistance) = (0, double.PositiveInfinity);
        for (var i = 0; i < _centers.Length; i++)
        {
            var distance = TensorPrimitives.Distance(values, _centers[i]);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (i, distance);
            }
        }

        return (best, bestDistance * bestDistance);
    }

    private (int Cluster, double SquaredDistance) NearestBySquares(Vector point)
    {
        var (best, bestDistance) = (0, double.PositiveInfinity);
        for (var i = 0; i < _centers.Length; i++)
        {
            var distance = point.SquaredDistance(_centers[i]);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (i, distance);
            }
        }

        return (best, bestDistance);
    }

    /// <summary>
    /// Spark's update of a batch: every weight is discounted by <paramref name="decayFactor"/> (to the power of the
    /// batch's points, in <see cref="KMeansTimeUnit.Points"/>), then each center that points joined moves to
    /// <c>(c·n·a + x̄·m) / (n·a + m)</c> with weight <c>n·a + m</c>. When the lightest cluster weighs less than 1e-8
    /// of the heaviest, it is dying: the heaviest is split in two, each half its weight and the smallest, nudged
    /// apart by 1e-14 of each coordinate.
    /// </summary>
    internal KMeansModel Update(ClusterStats batch, double decayFactor, KMeansTimeUnit timeUnit)
    {
        var discount = timeUnit == KMeansTimeUnit.Points ? Math.Pow(decayFactor, batch.Points) : decayFactor;
        var centers = _centers.Select(center => (double[])center.Clone()).ToArray();
        var weights = _weights.Select(weight => weight * discount).ToArray();
        for (var i = 0; i < centers.Length; i++)
        {
            var count = batch.Counts[i];
            if (count == 0)
            {
                continue;
            }

            var updated = weights[i] + count;
            var lambda = count / Math.Max(updated, 1e-16);
            weights[i] = updated;
            TensorPrimitives.Multiply(centers[i], 1 - lambda, centers[i]);
            TensorPrimitives.MultiplyAdd(batch.Sums[i], lambda / count, centers[i], centers[i]);
        }

        SplitDying(centers, weights);
        return new KMeansModel(centers, weights);
    }

    private static void SplitDying(double[][] centers, double[] weights)
    {
        var largest = Array.IndexOf(weights, weights.Max());
        var smallest = Array.IndexOf(weights, weights.Min());
        if (weights[smallest] >= 1e-8 * weights[largest])
        {
            return;
        }

        var weight = (weights[largest] + weights[smallest]) / 2;
        weights[largest] = weight;
        weights[smallest] = weight;
        for (var j = 0; j < centers[largest].Length; j++)
        {
            var x = centers[largest][j];
            var nudge = 1e-14 * Math.Max(Math.Abs(x), 1.0);
            centers[largest][j] = x + nudge;
            centers[smallest][j] = x - nudge;
        }
    }

    private static double[][] Dense(IReadOnlyList<Vector> centers)
    {
        ArgumentNullException.ThrowIfNull(centers);
        return [.. centers.Select(center => (center ?? throw new ArgumentNullException(nameof(centers))).ToArray())];
    }
}
