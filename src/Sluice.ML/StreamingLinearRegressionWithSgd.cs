namespace Sluice.ML;

/// <summary>
/// Linear regression trained on a stream by least squares with mini-batch SGD, as Spark's
/// <c>StreamingLinearRegressionWithSGD</c>.
/// </summary>
/// <example>
/// <code>
/// var regression = new StreamingLinearRegressionWithSgd { StepSize = 0.5, NumIterations = 20 };
/// regression.SetInitialWeights(Vectors.Zeros(3));
/// regression.TrainOn(training);
/// regression.PredictOnValues(test.Map(point => (point.Label, point.Features))).Print();
/// </code>
/// </example>
public sealed class StreamingLinearRegressionWithSgd : StreamingLinearAlgorithm<LinearRegressionModel>
{
    private protected override bool Logistic => false;

    private protected override LinearRegressionModel CreateModel(Vector weights, double intercept) => new(weights, intercept);
}
