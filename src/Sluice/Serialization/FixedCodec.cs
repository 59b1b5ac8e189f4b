using System.Buffers;
using System.Runtime.CompilerServices;

namespace Sluice.Serialization;

/// <summary>A value of a fixed size, little-endian.</summary>
internal sealed class FixedCodec<T>(int size, FixedCodec<T>.Writer write, FixedCodec<T>.Reader read) : IRecordCodec<T>
{
    private readonly string _what = $"a {typeof(T).Name}";

    public delegate void Writer(Span<byte> destination, T value);

    public delegate T Reader(ReadOnlySpan<byte> source);

    /// <summary>How many bytes every record takes.</summary>
    public int Size => size;

    /// <summary>Whether a record's bytes are its in-memory layout (a little-endian number on a little-endian machine), so they can be copied without the writer.</summary>
    public bool IsRawLayout { get; } = BitConverter.IsLittleEndian && !RuntimeHelpers.IsReferenceOrContainsReferences<T>() && Unsafe.SizeOf<T>() == size;

    public void Write(T record, IBufferWriter<byte> output)
    {
        write(output.GetSpan(size), record);
        output.Advance(size);
    }

    public T Read(ref ReadOnlySpan<byte> input) => read(CodecInput.Take(ref input, size, _what));
}
