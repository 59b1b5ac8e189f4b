using System.Buffers;

namespace Sluice.Serialization;

/// <summary>A value of a fixed size, little-endian.</summary>
internal sealed class FixedCodec<T>(int size, FixedCodec<T>.Writer write, FixedCodec<T>.Reader read) : IRecordCodec<T>
{
    private readonly string _what = $"a {typeof(T).Name}";

    public delegate void Writer(Span<byte> destination, T value);

    public delegate T Reader(ReadOnlySpan<byte> source);

    /// <summary>How many bytes every record takes.</summary>
    public int Size => size;

    public void Write(T record, IBufferWriter<byte> output)
    {
        write(output.GetSpan(size), record);
        output.Advance(size);
    }

    /// <summary>Writes a record into <paramref name="destination"/>, which has at least <see cref="Size"/> bytes: for callers packing several fixed-size fields at once.</summary>
    public void WriteTo(Span<byte> destination, T record) => write(destination, record);

    public T Read(ref ReadOnlySpan<byte> input) => read(CodecInput.Take(ref input, size, _what));
}
