using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Serialization;

internal sealed class JsonCodec<T>(JsonTypeInfo<T> typeInfo) : IRecordCodec<T>
{
    public void Write(T record, IBufferWriter<byte> output)
        => CodecOutput.WriteWithLength(output, JsonSerializer.SerializeToUtf8Bytes(record, typeInfo));

    public T Read(ref ReadOnlySpan<byte> input)
    {
        var length = CodecInput.ReadLength(ref input, $"a {typeof(T).Name} as JSON");
        var json = CodecInput.Take(ref input, length, $"a {typeof(T).Name} as JSON");
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)!;
        }
        catch (JsonException error)
        {
            throw new FormatException($"The serialized bytes are not a {typeof(T).Name} as JSON: {error.Message}", error);
        }
    }
}
