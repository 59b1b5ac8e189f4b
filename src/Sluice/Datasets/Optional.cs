using System.Diagnostics.CodeAnalysis;
using Sluice.Datasets;

namespace Sluice.Datasets;

/// <summary>
/// A value that may be absent, as Scala's <c>Option</c>: the side of an outer join that had no match. Works the
/// same for reference and value types, unlike <c>T?</c> on an unconstrained type parameter.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public readonly struct Optional<T> : IEquatable<Optional<T>>
{
    private readonly T _value;

    /// <summary>A present value.</summary>
    /// <param name="value">The value.</param>
    public Optional(T value)
    {
        _value = value;
        HasValue = true;
    }

    /// <summary>The absent value.</summary>
    public static Optional<T> None => default;

    /// <summary>Whether a value is present.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool HasValue { get; }

    /// <summary>The value.</summary>
    /// <exception cref="InvalidOperationException">No value is present.</exception>
    public T? Value => HasValue ? _value : throw new InvalidOperationException("The optional value is absent (None).");

    /// <summary>The value, or <paramref name="fallback"/> when absent.</summary>
    /// <param name="fallback">Returned when no value is present.</param>
    public T GetValueOrDefault(T fallback) => HasValue ? _value : fallback;

    /// <inheritdoc/>
    public bool Equals(Optional<T> other)
        => HasValue == other.HasValue && (!HasValue || EqualityComparer<T>.Default.Equals(_value, other._value));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Optional<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HasValue ? HashCode.Combine(true, _value) : 0;

    /// <summary><c>Some(value)</c> or <c>None</c>, as Spark prints options.</summary>
    public override string ToString() => HasValue ? $"Some({RecordFormatter.Format(_value)})" : "None";

    /// <summary>Equality.</summary>
    public static bool operator ==(Optional<T> left, Optional<T> right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Optional<T> left, Optional<T> right) => !left.Equals(right);
}
