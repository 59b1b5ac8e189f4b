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
        var length = CodecInput.ReadLength(ref input, "a text");
        var bytes = CodecInput.Take(ref input, length, "a text");
        return length == 0 ? default : new Utf8Text(bytes.ToArray(), 0, length, Utf8Text.HashOf(bytes));
    }
}
