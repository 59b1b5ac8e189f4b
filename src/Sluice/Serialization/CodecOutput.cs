using System.Buffers;

namespace Sluice.Serialization;

/// <summary>Writing helpers shared by the codecs.</summary>
internal static class CodecOutput
{
    public static void WriteLength(IBufferWriter<byte> output, int length)
    {
        var span = output.GetSpan(5);
        var written = 0;
        var value = (uint)length;
        while (value >= 0x80)
        {
            span[written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[written++] = (byte)value;
        output.Advance(written);
    }

    public static void WriteWithLength(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        WriteLength(output, bytes.Length);
        output.Write(bytes);
    }
}
