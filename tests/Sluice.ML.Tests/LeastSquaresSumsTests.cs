using CsCheck;
using Sluice.Testing;

namespace Sluice.ML.Tests;

/// <summary>
/// Least squares from a batch's sums of products: the gradient and error they give at any weights are those summed
/// point by point, sparse points included; and streaming linear regression, by sums (few features) or by passes over
/// the points (many), takes Spark's gradient steps, written out here point by point.
/// </summary>
public sealed class LeastSquaresSumsTests
{
    private static readonly Gen<(LabeledPoint[] Points, double[] Weights)> s_case =
        from features in Gen.Int[1, 6]
        from rows in Gen.Double[-10, 10].Array[features + 1].Array[0, 30]
        from sparse in Gen.Bool
        from weights in Gen.Double[-5, 5].Array[features + 1]
        select (rows.Select(row => new LabeledPoint(row[^1], sparse ? Sparse(row[..^1]) : Vectors.Dense(row[..^1]))).ToArray(), weights);

    [Fact]
    public void TheGradientAndError_FromTheSums_AreThoseSummedPointByPoint_AndPartitionsMerge()
        => s_case.Sample(test =>
        {
            var features = test.Weights.Length - 1;
            var half = test.Points.Length / 2;
            // One half an array (read as a span), the other a lazy sequence (read by its enumerator).
            var sums = LeastSquaresSums.Of(features, test.Points[..half]).Merge(LeastSquaresSums.Of(features, test.Points[half..].Select(point => point)));
            var gradient = new double[features + 1];
            var error = sums.Gradient(test.Weights, gradient);

            var expected = GradientSums.Of(test.Weights, intercept: true, logistic: false, test.Points);
            return sums.Count == test.Points.Length && Close(error, 2 * expected.Loss)
                && gradient.Zip(expected.Gradient).All(pair => Close(pair.First, pair.Second));
        });

    [Theory]
    [InlineData(3, 10, true)] // by sums
    [InlineData(3, 10, false)]
    [InlineData(9, 2, true)] // by passes over the points: 9 features, more than 4 per step
    public async Task LinearRegression_TakesSparksSteps_BySumsOrByPasses(int features, int iterations, bool intercept)
    {
        using var test = new StreamingTestContext();
        var truth = Enumerable.Range(1, features).Select(j => (double)j).ToArray();
        var batches = GeneratedData.Linear(truth, intercept: 2, batches: 3, perBatch: 50, noise: 0.1, seed: features);
        var regression = new StreamingLinearRegressionWithSgd { StepSize = 0.3, NumIterations = iterations, RegParam = 0.01, Intercept = intercept, ConvergenceTolerance = 0 };
        regression.SetInitialWeights(Vectors.Zeros(features), intercept: 0.5);
        var errors = new List<double>();
        regression.Trained += (_, error, _, _) => errors.Add(error);
        regression.TrainOn(test.Input(batches));

        await test.RunBatchesAsync(3);

        var (weights, bias, expectedErrors) = SparksSteps(batches, features, iterations, intercept);
        Assert.All(regression.LatestModel.Weights.ToArray().Zip(weights), pair => Assert.True(Close(pair.First, pair.Second), $"{pair.First} against {pair.Second}"));
        Assert.True(Close(regression.LatestModel.Intercept, bias));
        Assert.All(errors.Zip(expectedErrors), pair => Assert.True(Close(pair.First, pair.Second), $"error {pair.First} against {pair.Second}"));
    }

    /// <summary>Each batch: its mean squared error, then full-batch steps <c>w -= 0.3/√i · (Σ (w·x + b - y)·x / n + 0.01·w)</c> (the intercept unregularized).</summary>
    private static (double[] Weights, double Intercept, List<double> Errors) SparksSteps(List<List<LabeledPoint>> batches, int features, int iterations, bool intercept)
    {
        var (weights, bias, errors) = (new double[features], 0.5, new List<double>());
        foreach (var batch in batches)
        {
            errors.Add(batch.Average(point => Math.Pow(point.Features.Dot(weights) + bias - point.Label, 2)));
            bias = intercept ? bias : 0; // a model trained without an intercept has none
            for (var i = 1; i <= iterations; i++)
            {
                var step = 0.3 / Math.Sqrt(i);
                var residuals = batch.Select(point => point.Features.Dot(weights) + bias - point.Label).ToList();
                var next = Enumerable.Range(0, features).Select(j => (weights[j] * (1 - (step * 0.01))) - (step * batch.Select((point, p) => residuals[p] * point.Features[j]).Average())).ToArray();
                bias -= intercept ? step * residuals.Average() : 0;
                weights = next;
            }
        }

        return (weights, bias, errors);
    }

    private static Vector Sparse(double[] values)
    {
        var stored = Enumerable.Range(0, values.Length).Where(i => i % 2 == 0).ToArray();
        return Vectors.Sparse(values.Length, stored, [.. stored.Select(i => values[i])]);
    }

    private static bool Close(double actual, double expected) => Math.Abs(actual - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected));
}
