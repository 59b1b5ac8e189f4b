using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Sluice.ML;

/// <summary>
/// What least squares needs of a batch, summed in one pass: the products of every pair of <c>z = [x, 1, y]</c>'s
/// values over the points (the upper triangle of <c>Σ z·zᵀ</c>). With <c>x' = [x, 1]</c>, <c>G = Σ x'·x'ᵀ</c> and
/// <c>c = Σ y·x'</c>, the gradient at weights <c>u</c> is <c>Σ (u·x' - y)·x' = G·u - c</c> and the squared error
/// <c>Σ (u·x' - y)² = u·G·u - 2·u·c + Σ y²</c>: every gradient step of a batch is then arithmetic on a small matrix,
/// not another pass over the points. One per partition, merged on the driver.
/// </summary>
internal sealed class LeastSquaresSums
{
    /// <summary>Points per block: its columns (2 kB each) stay in the core's cache while every pair is multiplied.</summary>
    private const int BlockPoints = 256;

    private readonly int _features;
    private readonly int _size;
    private readonly double[] _products;

    public LeastSquaresSums(int features)
    {
        _features = features;
        _size = features + 2;
        _products = new double[_size * _size];
    }

    /// <summary>How many points were summed.</summary>
    public long Count => (long)Product(_features, _features);

    /// <summary>
    /// The sums of <paramref name="points"/>, each with <paramref name="features"/> features. The points are taken in
    /// blocks, each value of <c>z</c> a column: a pair's products over a block are then one dot product of two
    /// columns, which runs over hundreds of values at once, where a point at a time is short, slow arithmetic.
    /// </summary>
    public static LeastSquaresSums Of(int features, IEnumerable<LabeledPoint> points)
    {
        var sums = new LeastSquaresSums(features);
        var columns = new double[sums._size * BlockPoints];
        var dense = new double[features]; // a sparse point's values, zeros included
        var filled = 0;
        if (Records.TryGetSpan(points, out var span))
        {
            foreach (ref readonly var point in span)
            {
                sums.Take(point, columns, dense, ref filled);
            }
        }
        else
        {
            foreach (var point in points)
            {
                sums.Take(point, columns, dense, ref filled);
            }
        }

        sums.Add(columns, filled);
        return sums;
    }

    /// <summary>Writes <paramref name="point"/> as the next row of the block's columns, and sums the block once it is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Take(in LabeledPoint point, double[] columns, double[] dense, ref int filled)
    {
        var values = point.Features.StoredValues;
        if (point.Features.IsSparse || values.Length != _features)
        {
            point.Features.CopyTo(dense);
            values = dense;
        }

        for (var i = 0; i < values.Length; i++)
        {
            columns[(i * BlockPoints) + filled] = values[i];
        }

        columns[(_features * BlockPoints) + filled] = 1;
        columns[((_features + 1) * BlockPoints) + filled] = point.Label;
        if (++filled == BlockPoints)
        {
            Add(columns, filled);
            filled = 0;
        }
    }

    /// <summary>Adds the products of the first <paramref name="count"/> points of a block of columns.</summary>
    private void Add(double[] columns, int count)
    {
        for (var i = 0; i < _size; i++)
        {
            var left = columns.AsSpan(i * BlockPoints, count);
            for (var j = i; j < _size; j++)
            {
                _products[(i * _size) + j] += TensorPrimitives.Dot(left, columns.AsSpan(j * BlockPoints, count));
            }
        }
    }

    public LeastSquaresSums Merge(LeastSquaresSums other)
    {
        TensorPrimitives.Add(_products, other._products, _products);
        return this;
    }

    /// <summary>
    /// Writes <c>G·u - c</c> to <paramref name="gradient"/> and returns the squared error <c>Σ (u·x' - y)²</c>, for
    /// <paramref name="weights"/> <c>u</c>: the features' weights, then the intercept.
    /// </summary>
    public double Gradient(ReadOnlySpan<double> weights, Span<double> gradient)
    {
        var terms = _features + 1;
        var crossTerm = 0.0;
        for (var i = 0; i < terms; i++)
        {
            var sum = -Product(i, terms);
            for (var j = 0; j < terms; j++)
            {
                sum += Product(i, j) * weights[j];
            }

            gradient[i] = sum;
            crossTerm += weights[i] * Product(i, terms);
        }

        // u·G·u - 2·u·c + Σy² = u·(G·u - c) - u·c + Σy²; rounding can leave a perfect fit a hair below zero.
        return Math.Max(TensorPrimitives.Dot(weights[..terms], gradient[..terms]) - crossTerm + Product(terms, terms), 0);
    }

    private double Product(int i, int j) => i <= j ? _products[(i * _size) + j] : _products[(j * _size) + i];
}
