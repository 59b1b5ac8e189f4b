using System.Globalization;
using System.Text;
using Sluice.ML;

namespace Sluice.Cli.Learning;

/// <summary>
/// Points for <c>sluice demo kmeans</c>: around <paramref name="k"/> centers that move on circles (radius 3, one turn a
/// minute, each its own phase) around places 10 apart, a normal spread of 0.5; a vector line (<c>[x,y]</c>) each.
/// </summary>
internal sealed class DriftingClusters(int k, int seed = 11)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();

    /// <summary>Where center <paramref name="cluster"/> is <paramref name="elapsed"/> after the start.</summary>
    public static (double X, double Y) Center(int cluster, int k, TimeSpan elapsed)
    {
        var home = 2 * Math.PI * cluster / k;
        var turn = (2 * Math.PI * elapsed.TotalMinutes) + home;
        return ((10 * Math.Cos(home)) + (3 * Math.Cos(turn)), (10 * Math.Sin(home)) + (3 * Math.Sin(turn)));
    }

    /// <summary>
    /// Streaming k-means (half-life 3 batches) from rough centers, each toward one cluster at half its distance, each
    /// weighing one point. Random centers can settle with two on one cluster and one between two others, which no
    /// later batch undoes (k-means' local optimum). Weights of zero would do the same: a first batch that reaches only
    /// some clusters leaves the others weighing nothing, dying, and each is moved onto the heaviest cluster.
    /// </summary>
    public static StreamingKMeans RoughKMeans(int k) => new StreamingKMeans { K = k }.SetHalfLife(3).SetInitialCenters(
        [.. Enumerable.Range(0, k).Select(cluster => Center(cluster, k, TimeSpan.Zero)).Select(center => Vectors.Dense(center.X / 2, center.Y / 2))],
        [.. Enumerable.Repeat(1.0, k)]);

    public byte[] Line(long number, TimeSpan elapsed)
    {
        var (x, y) = Center((int)(number % k), k, elapsed);
        lock (_gate)
        {
            return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"[{x + (0.5 * Gaussian()):F4},{y + (0.5 * Gaussian()):F4}]\n"));
        }
    }

    private double Gaussian() => Math.Sqrt(-2.0 * Math.Log(1.0 - _random.NextDouble())) * Math.Cos(2.0 * Math.PI * _random.NextDouble());
}
