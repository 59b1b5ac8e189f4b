namespace Sluice.ML;

/// <summary>
/// One SGD step's sums over a partition's points, as Spark's gradients compute them: least squares
/// (<c>(w·x - y)·x</c>, loss <c>(w·x - y)²/2</c>) or logistic (<c>(σ(w·x) - y)·x</c>, log loss). The weights'
/// last value is the intercept when one is fitted (a feature of 1 appended).
/// </summary>
internal sealed class GradientSums(int size)
{
    public double[] Gradient { get; } = new double[size];

    public double Loss { get; private set; }

    public long Count { get; private set; }

    public static GradientSums Of(double[] weights, bool intercept, bool logistic, IEnumerable<LabeledPoint> points)
    {
        var sums = new GradientSums(weights.Length);
        var features = intercept ? weights.AsSpan(0, weights.Length - 1) : weights;
        var bias = intercept ? weights[^1] : 0;
        foreach (var point in points)
        {
            var margin = point.Features.Dot(features) + bias;
            double multiplier;
            if (logistic)
            {
                multiplier = (1.0 / (1.0 + Math.Exp(-margin))) - point.Label;
                sums.Loss += point.Label > 0 ? Log1pExp(-margin) : Log1pExp(margin);
            }
            else
            {
                multiplier = margin - point.Label;
                sums.Loss += multiplier * multiplier / 2;
            }

            point.Features.AddTo(multiplier, sums.Gradient.AsSpan(0, features.Length));
            if (intercept)
            {
                sums.Gradient[^1] += multiplier;
            }

            sums.Count++;
        }

        return sums;
    }

    /// <summary><c>log(1 + e^x)</c> without overflow for large <c>x</c>.</summary>
    private static double Log1pExp(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    public GradientSums Merge(GradientSums other)
    {
        System.Numerics.Tensors.TensorPrimitives.Add(Gradient, other.Gradient, Gradient);
        Loss += other.Loss;
        Count += other.Count;
        return this;
    }
}
