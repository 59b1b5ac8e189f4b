using System.Buffers;
using Sluice.Text;

namespace Sluice.Serialization;

/// <summary>
/// <see cref="Utf8Text"/> as its length and bytes: the very format of <see cref="Utf8StringCodec"/>, so a block of
/// lines a receiver stored as strings reads back as text, and text as strings.
/// </summary>
internal sealed class Utf8TextCodec : IRecordCodec<Utf8Text>
{
    public void Write(Utf8Text record, IBufferWriter<byte> output) => CodecOutput.WriteWithLength(output, record.Span);

    /// <summary>Reads a copy, hashed as it is read: a text read back is most often a key.</summary>
    public Utf8Text Read(ref ReadOnlySpan<byte> input)
    {
        var bytes = ReadBytes(ref input);
        return bytes.IsEmpty ? default : new Utf8Text(bytes.ToArray(), 0, bytes.Length, Utf8Hash.Of(bytes));
    }

    /// <summary>
    /// Reads a text as a view of <paramref name="buffer"/>, not a copy, for a reader that keeps the buffer alive (a
    /// stored block, for its batch); <paramref name="input"/> is the rest of <paramref name="buffer"/> to its end.
    /// </summary>
    public static Utf8Text ReadView(byte[] buffer, ref ReadOnlySpan<byte> input)
    {
        var length = ReadBytes(ref input).Length;
        return new Utf8Text(buffer, buffer.Length - input.Length - length, length, hash: 0);
    }

    private static ReadOnlySpan<byte> ReadBytes(ref ReadOnlySpan<byte> input)
    {
        var length = CodecInput.ReadLength(ref input, "a text");
        return CodecInput.Take(ref input, length, "a text");
    }
}
