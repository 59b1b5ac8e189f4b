using System.Text.Json.Serialization;

namespace Sluice.ML;

/// <summary>A linear regression model: predicts <c>w·x + b</c>, as Spark's <c>LinearRegressionModel</c>.</summary>
/// <param name="weights">One weight per feature.</param>
/// <param name="intercept">The constant term.</param>
[method: JsonConstructor]
public sealed class LinearRegressionModel(Vector weights, double intercept) : LinearModel(weights, intercept)
{
    /// <inheritdoc/>
    public override double Predict(Vector features) => Margin(features);
}
