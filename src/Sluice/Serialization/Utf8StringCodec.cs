using System.Buffers;
using System.Text;

namespace Sluice.Serialization;

internal sealed class Utf8StringCodec : IRecordCodec<string>
{
    public void Write(string record, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(record);
        var length = Encoding.UTF8.GetByteCount(record);
        CodecOutput.WriteLength(output, length);
        output.Advance(Encoding.UTF8.GetBytes(record, output.GetSpan(length)));
    }

    public string Read(ref ReadOnlySpan<byte> input)
    {
        var length = CodecInput.ReadLength(ref input, "a string");
        return Encoding.UTF8.GetString(CodecInput.Take(ref input, length, "a string"));
    }
}
