using System.Text.Json.Serialization;

namespace Sluice.ML;

/// <summary>A binary logistic regression model, as Spark's <c>LogisticRegressionModel</c>: the probability of class 1 is <c>1 / (1 + e^-(w·x + b))</c>, and the class is 1 when it exceeds <see cref="Threshold"/>.</summary>
/// <param name="weights">One weight per feature.</param>
/// <param name="intercept">The constant term.</param>
/// <param name="threshold">The probability above which the class is 1. Default 0.5.</param>
[method: JsonConstructor]
public sealed class LogisticRegressionModel(Vector weights, double intercept, double threshold = 0.5) : LinearModel(weights, intercept)
{
    /// <summary>The probability above which the class is 1.</summary>
    public double Threshold { get; } = threshold;

    /// <summary>The probability that <paramref name="features"/> are of class 1.</summary>
    /// <param name="features">As many features as the model has weights.</param>
    /// <returns>From 0 to 1.</returns>
    public double PredictProbability(Vector features) => 1.0 / (1.0 + Math.Exp(-Margin(features)));

    /// <summary>The class, 1 or 0.</summary>
    /// <param name="features">As many features as the model has weights.</param>
    /// <returns>1 when the probability exceeds <see cref="Threshold"/>, else 0.</returns>
    public override double Predict(Vector features) => PredictProbability(features) > Threshold ? 1.0 : 0.0;
}
