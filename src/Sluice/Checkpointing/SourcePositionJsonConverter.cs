using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Checkpointing;

/// <summary>
/// Reads a <see cref="SourcePosition"/> of either checkpoint format: <c>Positions</c> (JSON values), or the first
/// format's <c>Files</c> (strings, read as JSON strings, which each input still understands); writes <c>Positions</c>.
/// </summary>
internal sealed class SourcePositionJsonConverter : JsonConverter<SourcePosition>
{
    public override SourcePosition? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var json = document.RootElement;
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"A source position is a JSON object, not {json.ValueKind}.");
        }

        var positions = json.TryGetProperty(nameof(SourcePosition.Positions), out var values) ? values
            : json.TryGetProperty("Files", out var files) ? files
            : throw new JsonException("A source position has no Positions.");
        if (positions.ValueKind != JsonValueKind.Array || positions.EnumerateArray().Any(value => value.ValueKind == JsonValueKind.Null))
        {
            throw new JsonException("A source position's Positions is not an array of values.");
        }

        var name = json.TryGetProperty(nameof(SourcePosition.Operator), out var op) && op.ValueKind == JsonValueKind.String ? op.GetString()! : throw new JsonException("A source position has no Operator.");
        var time = json.TryGetProperty(nameof(SourcePosition.BatchTime), out var batch) && batch.ValueKind == JsonValueKind.String && batch.TryGetDateTimeOffset(out var parsed)
            ? parsed
            : throw new JsonException("A source position has no BatchTime.");
        return new SourcePosition(name, time, [.. positions.EnumerateArray().Select(value => value.Clone())]);
    }

    public override void Write(Utf8JsonWriter writer, SourcePosition value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(nameof(SourcePosition.Operator), value.Operator);
        writer.WriteString(nameof(SourcePosition.BatchTime), value.BatchTime);
        writer.WritePropertyName(nameof(SourcePosition.Positions));
        writer.WriteStartArray();
        foreach (var position in value.Positions)
        {
            position.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
