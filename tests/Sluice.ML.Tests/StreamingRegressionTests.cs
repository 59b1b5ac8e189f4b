using Sluice.Testing;

namespace Sluice.ML.Tests;

/// <summary>
/// Streaming linear and logistic regression with SGD, batch by batch on the manual clock: the weights carried from
/// batch to batch converge on a linear model with noise, the batch error falls, and another stream is predicted with
/// the latest weights.
/// </summary>
public sealed class StreamingRegressionTests
{
    [Fact]
    public async Task LinearRegression_ConvergesOnTheWeightsAndIntercept_OfALinearModelWithNoise()
    {
        using var test = new StreamingTestContext();
        var batches = GeneratedData.Linear([2.0, -3.0, 0.5], intercept: 1.5, batches: 20, perBatch: 200, noise: 0.1, seed: 4);
        var regression = new StreamingLinearRegressionWithSgd { StepSize = 0.5, NumIterations = 25, Intercept = true };
        regression.SetInitialWeights(Vectors.Zeros(3));
        var errors = new List<double>();
        regression.Trained += (_, error, _, _) => errors.Add(error);
        regression.TrainOn(test.Input(batches));
        var predictions = test.Collect(regression.PredictOnValues(test.Input(batches.Select(batch => batch.Select(point => (point.Label, point.Features))))));

        await test.RunBatchesAsync(20);

        var model = regression.LatestModel;
        Assert.Equal([2.0, -3.0, 0.5], model.Weights.ToArray().Select(weight => Math.Round(weight, 1)));
        Assert.Equal(1.5, model.Intercept, 0.05);
        Assert.True(errors[^1] < 0.05 && errors[0] > 5, $"The batch errors went from {errors[0]:F3} to {errors[^1]:F3}.");
        var last = predictions.All.TakeLast(200).ToList();
        Assert.True(last.Average(pair => Math.Abs(pair.Key - pair.Prediction)) < 0.2);
    }

    [Fact]
    public async Task LinearRegression_WithAMiniBatchFractionAndRegularization_StillConverges_AndShrinksTheWeights()
    {
        using var test = new StreamingTestContext();
        var batches = GeneratedData.Linear([1.0, -1.0], intercept: 0, batches: 20, perBatch: 300, noise: 0.05, seed: 5);
        var plain = new StreamingLinearRegressionWithSgd { StepSize = 0.5, NumIterations = 20, MiniBatchFraction = 0.5 };
        var shrunk = new StreamingLinearRegressionWithSgd { StepSize = 0.5, NumIterations = 20, MiniBatchFraction = 0.5, RegParam = 0.5 };
        plain.SetInitialWeights(Vectors.Zeros(2));
        shrunk.SetInitialWeights(Vectors.Zeros(2));
        plain.TrainOn(test.Input(batches), "plain");
        shrunk.TrainOn(test.Input(batches), "shrunk");

        await test.RunBatchesAsync(20);

        Assert.Equal([1.0, -1.0], plain.LatestModel.Weights.ToArray().Select(weight => Math.Round(weight, 1)));
        Assert.True(Norm(shrunk.LatestModel.Weights) < Norm(plain.LatestModel.Weights) * 0.9);
    }

    [Fact]
    public async Task LogisticRegression_LearnsTheSeparatingDirection_AndClassifiesMostPoints()
    {
        using var test = new StreamingTestContext();
        var batches = GeneratedData.Logistic([4.0, -4.0], intercept: 0.5, batches: 20, perBatch: 300, seed: 6);
        var logistic = new StreamingLogisticRegressionWithSgd { StepSize = 1.0, NumIterations = 30, Intercept = true };
        logistic.SetInitialWeights(Vectors.Zeros(2));
        var errors = new List<double>();
        logistic.Trained += (_, error, _, _) => errors.Add(error);
        logistic.TrainOn(test.Input(batches));
        var predicted = test.Collect(logistic.PredictOnValues(test.Input(batches.Select(batch => batch.Select(point => (point.Label, point.Features))))));

        await test.RunBatchesAsync(20);

        var weights = logistic.LatestModel.Weights;
        Assert.True(weights[0] > 1 && weights[1] < -1 && Math.Abs((weights[0] / weights[1]) + 1) < 0.2, $"weights {weights}");
        Assert.True(errors[^1] < 0.2, $"The last batch misclassified {errors[^1]:P0}.");
        Assert.True(predicted.All.TakeLast(300).Count(pair => pair.Key == pair.Prediction) > 240);
    }

    [Fact]
    public void WithoutWeights_ItSaysToSetThem_AndInvalidSettingsAreRefused()
    {
        Assert.Contains("call SetInitialWeights first", Assert.Throws<InvalidOperationException>(() => new StreamingLinearRegressionWithSgd().LatestModel).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingLinearRegressionWithSgd { MiniBatchFraction = 0 }.SetInitialWeights(Vectors.Zeros(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingLogisticRegressionWithSgd { StepSize = -1 }.SetInitialWeights(Vectors.Zeros(1)));
    }

    private static double Norm(Vector vector) => Math.Sqrt(vector.ToArray().Sum(value => value * value));
}
