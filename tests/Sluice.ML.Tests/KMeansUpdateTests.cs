using CsCheck;

namespace Sluice.ML.Tests;

/// <summary>
/// Streaming k-means' update against Spark's formulas, as properties over random models and batches: for each
/// center, <c>c' = (c·n·a + x̄·m) / (n·a + m)</c> and <c>n' = n·a + m</c>; decay 1 keeps all history, 0 the last batch
/// only; a half-life halves the past's weight; time in points discounts by the batch's size; empty batches; dying
/// clusters split.
/// </summary>
public sealed class KMeansUpdateTests
{
    private static readonly Gen<(KMeansModel Model, Vector[] Points, double Decay)> s_case =
        from k in Gen.Int[1, 5]
        from dimensions in Gen.Int[1, 4]
        from centers in Gen.Double[-10, 10].Array[dimensions].Array[k]
        from weights in Gen.Double[0.5, 100].Array[k]
        from points in Gen.Double[-10, 10].Array[dimensions].Array[0, 40]
        from decay in Gen.Double[0, 1]
        select (new KMeansModel([.. centers.Select(center => Vectors.Dense(center))], weights), points.Select(point => Vectors.Dense(point)).ToArray(), decay);

    [Fact]
    public void EachCenterMovesBySparksRule_AndItsWeightIsDiscountedThenGrows()
        => s_case.Sample(test =>
        {
            var stats = ClusterStats.Of(test.Model, test.Points);
            var updated = test.Model.Update(stats, test.Decay, KMeansTimeUnit.Batches);
            var members = Enumerable.Range(0, test.Model.K).Select(i => test.Points.Where(point => test.Model.Predict(point) == i).ToList()).ToList();
            var weights = Enumerable.Range(0, test.Model.K).Select(i => (test.Model.ClusterWeights[i] * test.Decay) + members[i].Count).ToList();
            if (weights.Min() < 1e-8 * weights.Max())
            {
                return true; // a dying cluster is split instead: ADyingCluster_IsReplacedBySplittingTheHeaviest
            }

            return Enumerable.Range(0, test.Model.K).All(i => Close(updated.ClusterWeights[i], weights[i]) && Enumerable.Range(0, test.Model.Dimensions).All(j => Close(
                    updated.ClusterCenters[i][j],
                    members[i].Count == 0 ? test.Model.ClusterCenters[i][j] : ((test.Model.ClusterCenters[i][j] * test.Model.ClusterWeights[i] * test.Decay) + members[i].Sum(point => point[j])) / weights[i])))
                && Close(stats.Cost, test.Points.Sum(point => test.Model.ClusterCenters.Min(center => Squared(point, center))));
        });

    [Fact]
    public void DecayOne_KeepsAllHistory_TheCenterIsTheMeanOfEveryPoint_AndDecayZero_TheLastBatchOnly()
        => Gen.Double[-10, 10].Array[3].Array[1, 20].Array[1, 6].Sample(batches =>
        {
            KMeansModel Run(double decay) => batches.Aggregate(
                new KMeansModel([Vectors.Zeros(3)], [0.0]),
                (model, batch) => model.Update(ClusterStats.Of(model, batch.Select(point => Vectors.Dense(point))), decay, KMeansTimeUnit.Batches));
            var all = batches.SelectMany(batch => batch).ToList();
            var last = batches[^1];
            return Enumerable.Range(0, 3).All(j => Close(Run(1).ClusterCenters[0][j], all.Average(point => point[j])) && Close(Run(0).ClusterCenters[0][j], last.Average(point => point[j])))
                && Close(Run(1).ClusterWeights[0], all.Count) && Close(Run(0).ClusterWeights[0], last.Length);
        });

    [Fact]
    public void AHalfLife_HalvesThePastsWeight_AfterThatManyBatches_OrPoints()
    {
        var batches = new StreamingKMeans { K = 1 }.SetHalfLife(4);
        Assert.Equal(0.5, Math.Pow(batches.DecayFactor, 4), 12);
        Assert.Equal(KMeansTimeUnit.Batches, batches.TimeUnit);

        var points = new StreamingKMeans { K = 1 }.SetHalfLife(100, KMeansTimeUnit.Points);
        var model = new KMeansModel([Vectors.Dense(0.0)], [8.0]);
        var stats = ClusterStats.Of(model, Enumerable.Repeat(Vectors.Dense(1.0), 100));
        Assert.Equal((8.0 * 0.5) + 100, model.Update(stats, points.DecayFactor, points.TimeUnit).ClusterWeights[0], 9);
    }

    [Fact]
    public void AnEmptyBatch_DiscountsTheWeights_InBatches_AndChangesNothing_InPoints()
    {
        var model = new KMeansModel([Vectors.Dense(1, 2), Vectors.Dense(-1, 0)], [10, 30]);
        var empty = ClusterStats.Of(model, []);

        var inBatches = model.Update(empty, 0.5, KMeansTimeUnit.Batches);
        var inPoints = model.Update(empty, 0.5, KMeansTimeUnit.Points);

        Assert.Equal([5.0, 15.0], inBatches.ClusterWeights);
        Assert.Equal(model.ClusterCenters, inBatches.ClusterCenters);
        Assert.Equal([10.0, 30.0], inPoints.ClusterWeights);
    }

    [Fact]
    public void ADyingCluster_IsReplacedBySplittingTheHeaviest()
    {
        var model = new KMeansModel([Vectors.Dense(5.0, -3.0), Vectors.Dense(100.0, 100.0)], [100, 1e-9]);

        var updated = model.Update(ClusterStats.Of(model, []), 1.0, KMeansTimeUnit.Batches);

        Assert.Equal((100 + 1e-9) / 2, updated.ClusterWeights[0]);
        Assert.Equal((100 + 1e-9) / 2, updated.ClusterWeights[1]);
        Assert.Equal(5.0 + 5e-14, updated.ClusterCenters[0][0], 15);
        Assert.Equal(5.0 - 5e-14, updated.ClusterCenters[1][0], 15);
        Assert.Equal(-3.0 - 3e-14, updated.ClusterCenters[1][1], 15);
        Assert.NotEqual(updated.ClusterCenters[0], updated.ClusterCenters[1]);
    }

    private static double Squared(Vector point, Vector center) => point.SquaredDistance(center.ToArray());

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
