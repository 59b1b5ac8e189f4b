using System.Buffers;

namespace Sluice.Serialization;

internal sealed class BytesCodec : IRecordCodec<byte[]>
{
    public void Write(byte[] record, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(record);
        CodecOutput.WriteWithLength(output, record);
    }

    public byte[] Read(ref ReadOnlySpan<byte> input)
    {
        var length = CodecInput.ReadLength(ref input, "a byte array");
        return CodecInput.Take(ref input, length, "a byte array").ToArray();
    }
}
