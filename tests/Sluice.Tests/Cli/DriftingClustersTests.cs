using Sluice.Cli.Learning;
using Sluice.ML;

namespace Sluice.Tests.Cli;

public sealed class DriftingClustersTests
{
    [Fact]
    public void DemoKMeans_AFirstBatchReachingOneCluster_LeavesTheOtherCentersWhereTheyAre()
    {
        var kmeans = DriftingClusters.RoughKMeans(3);
        var start = kmeans.LatestModel;

        // The server has just started: the first batch holds one point, of cluster 0.
        var after = start.Update(ClusterStats.Of(start, [Point(0)]), kmeans.DecayFactor, kmeans.TimeUnit);

        Assert.Equal(start.ClusterCenters[1].ToArray(), after.ClusterCenters[1].ToArray());
        Assert.Equal(start.ClusterCenters[2].ToArray(), after.ClusterCenters[2].ToArray());
        Assert.All(Enumerable.Range(0, 3), cluster => Assert.Equal(cluster, after.Predict(Point(cluster))));
    }

    [Fact]
    public void DemoKMeans_EachRoughCenter_IsNearestToItsOwnCluster_WhereverTheClustersHaveTurned()
    {
        var model = DriftingClusters.RoughKMeans(3).LatestModel;

        for (var second = 0; second < 60; second++)
        {
            Assert.All(Enumerable.Range(0, 3), cluster => Assert.Equal(cluster, model.Predict(Point(cluster, TimeSpan.FromSeconds(second)))));
        }
    }

    private static Vector Point(int cluster, TimeSpan elapsed = default)
    {
        var (x, y) = DriftingClusters.Center(cluster, 3, elapsed);
        return Vectors.Dense(x, y);
    }
}
