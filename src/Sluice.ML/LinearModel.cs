using System.Text.Json.Serialization;

namespace Sluice.ML;

/// <summary>A linear model's weights and intercept, as Spark's <c>GeneralizedLinearModel</c>: what regression with SGD trains.</summary>
public abstract class LinearModel
{
    private readonly double[] _weights;

    /// <summary>A model of <paramref name="weights"/> and <paramref name="intercept"/>.</summary>
    /// <param name="weights">One weight per feature.</param>
    /// <param name="intercept">The constant term.</param>
    protected LinearModel(Vector weights, double intercept)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _weights = weights.ToArray();
        Intercept = intercept;
    }

    /// <summary>One weight per feature.</summary>
    public Vector Weights => Vectors.Dense(_weights);

    /// <summary>The constant term (0 unless the algorithm fits one).</summary>
    public double Intercept { get; }

    /// <summary>How many features the model takes.</summary>
    [JsonIgnore]
    public int Features => _weights.Length;

    /// <summary>The prediction for <paramref name="features"/>: a value (linear regression) or a class, 0 or 1 (logistic regression).</summary>
    /// <param name="features">As many features as the model has weights.</param>
    /// <returns>The prediction.</returns>
    public abstract double Predict(Vector features);

    /// <summary><c>w·x + b</c>.</summary>
    protected double Margin(Vector features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return features.Dot(_weights) + Intercept;
    }
}
