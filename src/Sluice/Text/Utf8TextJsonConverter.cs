using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Text;

/// <summary>Writes a <see cref="Utf8Text"/> as a JSON string, from its bytes, and reads one back.</summary>
internal sealed class Utf8TextJsonConverter : JsonConverter<Utf8Text>
{
    public override Utf8Text Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.String
            ? new Utf8Text(reader.GetString()!)
            : throw new JsonException($"Expected a string for {nameof(Utf8Text)}, found {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, Utf8Text value, JsonSerializerOptions options) => writer.WriteStringValue(value.Span);
}
