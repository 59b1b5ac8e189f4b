using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using System.Text.Json.Serialization;

namespace Sluice.ML;

/// <summary>
/// A vector of doubles, dense (every value) or sparse (the values at some indices, zeros elsewhere), as Spark's
/// <c>Vector</c>. Make one with <see cref="Vectors"/>; read Spark's text forms with <see cref="Vectors.Parse"/>.
/// Immutable: the arrays it was made from are copied.
/// </summary>
public sealed class Vector : IEquatable<Vector>
{
    private readonly int[]? _indices;
    private readonly double[] _values;

    /// <summary>A vector of <paramref name="size"/>: dense with <paramref name="values"/> when <paramref name="indices"/> is <see langword="null"/>, else sparse.</summary>
    /// <param name="size">How many dimensions.</param>
    /// <param name="indices">The indices of the values given, strictly increasing, for a sparse vector.</param>
    /// <param name="values">The values.</param>
    /// <exception cref="ArgumentException">The sizes do not agree, or the indices are not increasing or out of range.</exception>
    public Vector(int size, int[]? indices, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (indices is null)
        {
            if (values.Length != size)
            {
                throw new ArgumentException($"A dense vector of size {size} needs {size} values, not {values.Length}.", nameof(values));
            }
        }
        else
        {
            if (indices.Length != values.Length)
            {
                throw new ArgumentException($"A sparse vector needs as many indices as values: {indices.Length} indices, {values.Length} values.", nameof(indices));
            }

            for (var i = 0; i < indices.Length; i++)
            {
                if (indices[i] < 0 || indices[i] >= size || (i > 0 && indices[i] <= indices[i - 1]))
                {
                    throw new ArgumentException($"A sparse vector's indices must increase strictly and lie in [0, {size}): index {indices[i]} at position {i} does not.", nameof(indices));
                }
            }
        }

        Size = size;
        _indices = indices is null ? null : [.. indices];
        _values = [.. values];
    }

    [JsonConstructor]
    private Vector(int size, IReadOnlyList<int>? indices, IReadOnlyList<double> values)
        : this(size, indices?.ToArray(), values?.ToArray() ?? throw new ArgumentNullException(nameof(values)))
    {
    }

    /// <summary>How many dimensions.</summary>
    public int Size { get; }

    /// <summary>The indices of <see cref="Values"/> for a sparse vector; <see langword="null"/> for a dense one.</summary>
    public IReadOnlyList<int>? Indices => _indices;

    /// <summary>The values: every one (dense), or those at <see cref="Indices"/> (sparse).</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>Whether only some values are stored.</summary>
    [JsonIgnore]
    public bool IsSparse => _indices is not null;

    /// <summary>The value at <paramref name="index"/>.</summary>
    /// <param name="index">The dimension.</param>
    public double this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
            if (_indices is null)
            {
                return _values[index];
            }

            var at = Array.BinarySearch(_indices, index);
            return at >= 0 ? _values[at] : 0;
        }
    }

    /// <summary>The dense values, or for a sparse vector its stored values (the others are zero).</summary>
    internal ReadOnlySpan<double> StoredValues => _values;

    internal ReadOnlySpan<int> StoredIndices => _indices;

    /// <summary>Every value, zeros included.</summary>
    /// <returns>A new array of <see cref="Size"/> values.</returns>
    public double[] ToArray()
    {
        if (_indices is null)
        {
            return [.. _values];
        }

        var dense = new double[Size];
        for (var i = 0; i < _indices.Length; i++)
        {
            dense[_indices[i]] = _values[i];
        }

        return dense;
    }

    /// <summary>The dot product with <paramref name="dense"/>, of the same size.</summary>
    /// <param name="dense">The other vector's values.</param>
    /// <returns>The sum of the products.</returns>
    public double Dot(ReadOnlySpan<double> dense)
    {
        CheckSize(dense.Length);
        if (_indices is null)
        {
            return TensorPrimitives.Dot(_values, dense);
        }

        var sum = 0.0;
        for (var i = 0; i < _indices.Length; i++)
        {
            sum += _values[i] * dense[_indices[i]];
        }

        return sum;
    }

    /// <summary>The squared Euclidean distance to <paramref name="dense"/>, of the same size.</summary>
    /// <param name="dense">The other vector's values.</param>
    /// <returns>The sum of the squared differences.</returns>
    public double SquaredDistance(ReadOnlySpan<double> dense)
    {
        CheckSize(dense.Length);
        if (_indices is null)
        {
            var distance = TensorPrimitives.Distance(_values, dense);
            return distance * distance;
        }

        // |x - c|² = |c|² + Σ over stored i of (x_i - c_i)² - c_i²
        var sum = TensorPrimitives.SumOfSquares(dense);
        for (var i = 0; i < _indices.Length; i++)
        {
            var c = dense[_indices[i]];
            var d = _values[i] - c;
            sum += (d * d) - (c * c);
        }

        return Math.Max(sum, 0);
    }

    /// <summary>Adds <paramref name="scale"/> times this vector to <paramref name="sum"/>, of the same size (BLAS's <c>axpy</c>).</summary>
    /// <param name="scale">The factor.</param>
    /// <param name="sum">The values added to.</param>
    public void AddTo(double scale, Span<double> sum)
    {
        CheckSize(sum.Length);
        if (_indices is null)
        {
            TensorPrimitives.MultiplyAdd(_values, scale, sum, sum);
            return;
        }

        for (var i = 0; i < _indices.Length; i++)
        {
            sum[_indices[i]] += scale * _values[i];
        }
    }

    /// <summary>Writes every value, zeros included, to <paramref name="dense"/>, of the same size.</summary>
    internal void CopyTo(Span<double> dense)
    {
        CheckSize(dense.Length);
        if (_indices is null)
        {
            _values.CopyTo(dense);
            return;
        }

        dense.Clear();
        for (var i = 0; i < _indices.Length; i++)
        {
            dense[_indices[i]] = _values[i];
        }
    }

    /// <summary>Spark's text form: <c>[1.0,2.0]</c> dense, <c>(3,[0,2],[1.0,3.0])</c> sparse, which <see cref="Vectors.Parse"/> reads.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (_indices is not null)
        {
            text.Append('(').Append(Size.ToString(CultureInfo.InvariantCulture)).Append(",[").AppendJoin(',', _indices.Select(index => index.ToString(CultureInfo.InvariantCulture))).Append("],");
        }

        text.Append('[').AppendJoin(',', _values.Select(Vectors.Format)).Append(']');
        return _indices is null ? text.ToString() : text.Append(')').ToString();
    }

    /// <summary>Equal when every value is, whether stored densely or sparsely (as Spark's vectors).</summary>
    public bool Equals(Vector? other)
        => other is not null && other.Size == Size && (ReferenceEquals(this, other) || ToArray().AsSpan().SequenceEqual(other.ToArray()));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Vector);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Size);
        foreach (var value in ToArray())
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    private void CheckSize(int size)
    {
        if (size != Size)
        {
            throw new ArgumentException($"The vectors' sizes differ: {Size} and {size}. Give every point as many values as the model has dimensions.");
        }
    }
}
