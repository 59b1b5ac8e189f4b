using Sluice.Testing;

namespace Sluice.ML.Tests;

/// <summary>
/// Streaming k-means on a stream, batch by batch on the manual clock: it finds generated Gaussian clusters from random
/// centers, and predicts another stream's points with the latest model; a decay follows clusters that move.
/// </summary>
public sealed class StreamingKMeansTests
{
    private static readonly double[][] s_centers = [[5, 5, 0, 0], [-5, 5, 0, 0], [0, -5, 5, 0]];

    [Fact]
    public async Task FromRandomCenters_TheCentersConvergeOnTheClusters_AndPredictionsKeepEachClusterTogether()
    {
        using var test = new StreamingTestContext();
        var batches = GeneratedData.Clusters(s_centers, batches: 10, perBatch: 300, spread: 0.5, seed: 1);
        var kmeans = new StreamingKMeans { K = 3 }.SetHalfLife(2).SetRandomCenters(dimensions: 4, weight: 0, seed: 7); // the first batches' misassigned points fade
        var costs = new List<double>();
        kmeans.Trained += (_, cost, _, _) => costs.Add(cost);
        kmeans.TrainOn(test.Input(batches.Select(batch => batch.Select(pair => pair.Point))));
        var predicted = test.Collect(kmeans.PredictOnValues(test.Input(batches.Select(batch => batch.Select(pair => (pair.Center, pair.Point))))));

        await test.RunBatchesAsync(10);

        var model = kmeans.LatestModel;
        foreach (var center in s_centers)
        {
            Assert.InRange(model.ClusterCenters.Min(learned => Math.Sqrt(learned.SquaredDistance(center))), 0, 0.1);
        }

        Assert.True(costs[^1] < costs[0] / 10, $"The cost fell from {costs[0]:F0} to {costs[^1]:F0} only.");
        var lastBatch = predicted.All.Skip(2700).ToList();
        Assert.All(lastBatch.GroupBy(pair => pair.Key), cluster => Assert.Single(cluster.Select(pair => pair.Cluster).Distinct()));
        Assert.Equal(3, lastBatch.Select(pair => pair.Cluster).Distinct().Count());
    }

    [Fact]
    public async Task WithAHalfLife_TheCentersFollowClustersThatMove()
    {
        using var test = new StreamingTestContext();
        var before = GeneratedData.Clusters([[0, 0], [10, 10]], batches: 5, perBatch: 200, spread: 0.3, seed: 2);
        var after = GeneratedData.Clusters([[3, 0], [10, 13]], batches: 10, perBatch: 200, spread: 0.3, seed: 3);
        var kmeans = new StreamingKMeans { K = 2 }.SetHalfLife(1).SetInitialCenters([Vectors.Dense(1, 1), Vectors.Dense(9, 9)], [0, 0]);
        kmeans.TrainOn(test.Input(before.Concat(after).Select(batch => batch.Select(pair => pair.Point))));

        await test.RunBatchesAsync(15);

        var centers = kmeans.LatestModel.ClusterCenters;
        Assert.InRange(Math.Sqrt(centers[0].SquaredDistance([3, 0])), 0, 0.1);
        Assert.InRange(Math.Sqrt(centers[1].SquaredDistance([10, 13])), 0, 0.1);
    }

    [Fact]
    public void WithoutCenters_ItSaysToSetThem()
        => Assert.Contains("call SetRandomCenters or SetInitialCenters first", Assert.Throws<InvalidOperationException>(() => new StreamingKMeans { K = 2 }.LatestModel).Message, StringComparison.Ordinal);
}
