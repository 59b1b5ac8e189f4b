namespace Sluice.ML;

/// <summary>
/// Binary logistic regression (labels 0 and 1) trained on a stream by log loss with mini-batch SGD, as Spark's
/// <c>StreamingLogisticRegressionWithSGD</c>.
/// </summary>
public sealed class StreamingLogisticRegressionWithSgd : StreamingLinearAlgorithm<LogisticRegressionModel>
{
    private protected override bool Logistic => true;

    private protected override LogisticRegressionModel CreateModel(Vector weights, double intercept) => new(weights, intercept);
}
