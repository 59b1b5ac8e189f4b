using System.Text;
using System.Text.Json.Serialization;

namespace Sluice.Text;

/// <summary>
/// Text kept as UTF-8 bytes: a line a receiver stored, or a word cut from one, without a <see cref="string"/> of its
/// own. A word count over <see cref="Utf8Text"/> lines (<c>lines.Words().Map(w =&gt; (w, 1)).ReduceByKey(...)</c>)
/// allocates nothing per word: each word is a view of its line's bytes, and carries its hash through the shuffle.
/// </summary>
/// <remarks>
/// <para>
/// Equality and order are ordinal over the bytes: two texts are equal when their UTF-8 bytes are, and sort in
/// code point order, as <see cref="string.CompareOrdinal(string, string)"/> sorts characters outside the surrogate
/// range. The hash is the same in every process and run, so a key goes to the same partition on every executor.
/// </para>
/// <para>
/// A text cut from a buffer keeps the whole buffer alive. Keys that cross a shuffle are copied to buffers of their
/// own by the engine; <see cref="Compact"/> does the same for text kept elsewhere (in user state, say).
/// </para>
/// </remarks>
[JsonConverter(typeof(Utf8TextJsonConverter))]
public readonly struct Utf8Text : IEquatable<Utf8Text>, IComparable<Utf8Text>
{
    private readonly byte[]? _bytes;
    private readonly int _start;
    private readonly int _length;
    private readonly int _hash; // 0 until known: a text cut from a line that is not a key is never hashed

    /// <summary>The text of <paramref name="text"/>, encoded as UTF-8 into a buffer of its own.</summary>
    /// <param name="text">The text.</param>
    public Utf8Text(string text)
        : this(Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))))
    {
    }

    /// <summary>The text whose UTF-8 bytes are all of <paramref name="utf8"/>, which it uses without copying.</summary>
    /// <param name="utf8">UTF-8 bytes, not changed afterwards.</param>
    public Utf8Text(byte[] utf8)
        : this(utf8 ?? throw new ArgumentNullException(nameof(utf8)), 0, utf8.Length)
    {
    }

    /// <summary>The text whose UTF-8 bytes are <paramref name="length"/> bytes of <paramref name="buffer"/> from <paramref name="start"/>, used without copying.</summary>
    /// <param name="buffer">UTF-8 bytes, not changed afterwards.</param>
    /// <param name="start">Where the text starts.</param>
    /// <param name="length">How many bytes it has.</param>
    public Utf8Text(byte[] buffer, int start, int length)
        : this(buffer, start, length, 0)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length - start);
    }

    /// <summary>A view whose bounds the caller has checked, with its hash when known (0 when not).</summary>
    internal Utf8Text(byte[] buffer, int start, int length, int hash)
    {
        _bytes = buffer;
        _start = start;
        _length = length;
        _hash = hash;
    }

    /// <summary>The buffer the text is in (null for the empty default), for the engine's own scans.</summary>
    internal byte[]? Buffer => _bytes;

    /// <summary>Where the text starts in <see cref="Buffer"/>.</summary>
    internal int Start => _start;

    /// <summary>The empty text.</summary>
    public static Utf8Text Empty => default;

    /// <summary>The UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> Span => new(_bytes, _start, _length);

    /// <summary>The UTF-8 bytes, as memory that can be kept.</summary>
    public ReadOnlyMemory<byte> Memory => new(_bytes, _start, _length);

    /// <summary>How many bytes the text has in UTF-8 (not characters).</summary>
    public int Length => _length;

    /// <summary>Whether the text has no bytes.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The text as UTF-8 bytes copied from <paramref name="utf8"/>.</summary>
    /// <param name="utf8">UTF-8 bytes.</param>
    public static Utf8Text CopyOf(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? default : new Utf8Text(utf8.ToArray());

    /// <summary>
    /// The words of the text: the runs of bytes between spaces, without empty ones, each a view of this text's
    /// bytes with its hash computed as it is cut. Enumerating allocates nothing.
    /// </summary>
    public Utf8Words Words() => new(this);

    /// <summary>The same text in a buffer of its own, so it no longer keeps alive the larger buffer it was cut from.</summary>
    public Utf8Text Compact()
        => _bytes is null || (_start == 0 && _length == _bytes.Length) ? this : new Utf8Text(Span.ToArray(), 0, _length, _hash);

    /// <summary>Whether the bytes are those of <paramref name="other"/>.</summary>
    /// <param name="other">The text to compare with.</param>
    public bool Equals(Utf8Text other)
        => _length == other._length
           && (_hash == 0 || other._hash == 0 || _hash == other._hash)
           && Span.SequenceEqual(other.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Utf8Text other && Equals(other);

    /// <summary>A hash of the bytes, the same in every process: computed once when the text was cut as a word or read as a key.</summary>
    public override int GetHashCode() => _hash != 0 ? _hash : Utf8Hash.Of(Span);

    /// <summary>Orders by the bytes, which is code point order.</summary>
    /// <param name="other">The text to compare with.</param>
    public int CompareTo(Utf8Text other) => Span.SequenceCompareTo(other.Span);

    /// <summary>The text as a string (decoded each time it is called).</summary>
    public override string ToString() => _length == 0 ? string.Empty : Encoding.UTF8.GetString(Span);

    /// <summary>Whether two texts have the same bytes.</summary>
    public static bool operator ==(Utf8Text left, Utf8Text right) => left.Equals(right);

    /// <summary>Whether two texts differ.</summary>
    public static bool operator !=(Utf8Text left, Utf8Text right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    public static bool operator <(Utf8Text left, Utf8Text right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    public static bool operator >(Utf8Text left, Utf8Text right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> sorts before or with <paramref name="right"/>.</summary>
    public static bool operator <=(Utf8Text left, Utf8Text right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> sorts after or with <paramref name="right"/>.</summary>
    public static bool operator >=(Utf8Text left, Utf8Text right) => left.CompareTo(right) >= 0;

    /// <summary>The text of a string.</summary>
    public static explicit operator Utf8Text(string text) => new(text);
}
