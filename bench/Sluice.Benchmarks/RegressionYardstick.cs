using System.Numerics.Tensors;

namespace Sluice.Benchmarks;

/// <summary>
/// Streaming least squares written by hand over rows of doubles (the features, then the label), one thread: per batch,
/// its error, then 10 full-batch gradient steps of size 0.5/√i, no intercept. <paramref name="bySums"/>, as the engine
/// trains few features: one pass summing the products of <c>[x, 1, y]</c>'s values (upper triangle; blocks of 256
/// points as columns, a dot product per pair), the error and every step from them. Otherwise Spark's way: a pass over
/// the points for the error and one for each step. By sums, on <paramref name="threads"/> each summing its share of
/// the batch: what the machine's cores give hand-written code, the ceiling for the engine's tasks.
/// </summary>
internal sealed class RegressionYardstick(int features, bool bySums, int threads = 1)
{
    private const int Block = 256;
    private readonly double[] _weights = new double[features + 1]; // the last, the intercept, stays 0

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
        var shares = new double[threads][];
        var share = (batch.Length + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
            shares[thread] = SumProducts(batch.AsSpan(Math.Min(thread * share, batch.Length), Math.Clamp(batch.Length - (thread * share), 0, share))));
        var products = shares[0];
        Array.ForEach(shares[1..], part => TensorPrimitives.Add(products, part, products));

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

    /// <summary>The upper triangle of <c>Σ z·zᵀ</c> over <paramref name="rows"/>, <c>z = [x, 1, y]</c>, in blocks of columns.</summary>
    private double[] SumProducts(ReadOnlySpan<double[]> rows)
    {
        var size = features + 2;
        var products = new double[size * size];
        var columns = new double[size * Block];
        for (var start = 0; start < rows.Length; start += Block)
        {
            var count = Math.Min(Block, rows.Length - start);
            for (var p = 0; p < count; p++)
            {
                var row = rows[start + p];
                for (var i = 0; i < features; i++)
                {
                    columns[(i * Block) + p] = row[i];
                }

                (columns[(features * Block) + p], columns[((features + 1) * Block) + p]) = (1, row[features]);
            }

            for (var i = 0; i < size; i++)
            {
                for (var j = i; j < size; j++)
                {
                    products[(i * size) + j] += TensorPrimitives.Dot(columns.AsSpan(i * Block, count), columns.AsSpan(j * Block, count));
                }
            }
        }

        return products;
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
