using System.Numerics.Tensors;

namespace Sluice.Benchmarks;

/// <summary>
/// Streaming least squares written by hand over rows of doubles (the features, then the label), one thread: per batch,
/// its error, then 10 full-batch gradient steps of size 0.5/√i, no intercept. <paramref name="bySums"/>, as the engine
/// trains few features: one pass summing the products of <c>[x, 1, y]</c>'s values (upper triangle; blocks of 256
/// points as columns, a dot product per pair), the error and every step from them. Otherwise Spark's way: a pass over
/// the points for the error and one for each step.
/// </summary>
internal sealed class RegressionYardstick(int features, bool bySums)
{
    private const int Block = 256;
    private readonly double[] _weights = new double[features + 1]; // the last, the intercept, stays 0
    private readonly double[] _columns = new double[(features + 2) * Block];

    /// <summary>The batches' summed squared errors, kept so that computing them is work the compiler cannot drop.</summary>
    public double Errors { get; private set; }

    public void Train(double[][] batch)
    {
        if (bySums)
        {
            TrainBySums(batch);
        }
        else
        {
            TrainBySteps(batch);
        }
    }

    private void TrainBySums(double[][] batch)
    {
        var size = features + 2;
        var products = new double[size * size];
        for (var start = 0; start < batch.Length; start += Block)
        {
            var count = Math.Min(Block, batch.Length - start);
            for (var p = 0; p < count; p++)
            {
                var row = batch[start + p];
                for (var i = 0; i < features; i++)
                {
                    _columns[(i * Block) + p] = row[i];
                }

                (_columns[(features * Block) + p], _columns[((features + 1) * Block) + p]) = (1, row[features]);
            }

            for (var i = 0; i < size; i++)
            {
                for (var j = i; j < size; j++)
                {
                    products[(i * size) + j] += TensorPrimitives.Dot(_columns.AsSpan(i * Block, count), _columns.AsSpan(j * Block, count));
                }
            }
        }

        double Product(int i, int j) => i <= j ? products[(i * size) + j] : products[(j * size) + i];
        var gradient = new double[features + 1];
        for (var iteration = 0; iteration <= 10; iteration++)
        {
            var (crossTerm, squares) = (0.0, 0.0);
            for (var i = 0; i <= features; i++)
            {
                gradient[i] = -Product(i, features + 1);
                for (var j = 0; j <= features; j++)
                {
                    gradient[i] += Product(i, j) * _weights[j];
                }

                (crossTerm, squares) = (crossTerm + (_weights[i] * Product(i, features + 1)), squares + (_weights[i] * gradient[i]));
            }

            if (iteration == 0)
            {
                Errors += squares - crossTerm + Product(features + 1, features + 1);
                continue;
            }

            gradient[features] = 0;
            TensorPrimitives.MultiplyAdd(gradient, -0.5 / Math.Sqrt(iteration) / batch.Length, _weights, _weights);
        }
    }

    private void TrainBySteps(double[][] batch)
    {
        var weights = _weights.AsSpan(0, features);
        foreach (var row in batch)
        {
            var diff = TensorPrimitives.Dot(row.AsSpan(0, features), weights) - row[features];
            Errors += diff * diff;
        }

        for (var iteration = 1; iteration <= 10; iteration++)
        {
            var gradient = new double[features];
            foreach (var row in batch)
            {
                var values = row.AsSpan(0, features);
                TensorPrimitives.MultiplyAdd(values, TensorPrimitives.Dot(values, weights) - row[features], gradient, gradient);
            }

            TensorPrimitives.MultiplyAdd(gradient, -0.5 / Math.Sqrt(iteration) / batch.Length, weights, weights);
        }
    }
}
