using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Sources;

/// <summary>
/// Writes a <see cref="ReceivedBlockPosition"/> as <c>{"Sequence":N,"Records":M}</c>; reads that, or the first
/// checkpoint format's string <c>"block N:M"</c>.
/// </summary>
internal sealed class ReceivedBlockPositionJsonConverter : JsonConverter<ReceivedBlockPosition>
{
    public override ReceivedBlockPosition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var json = document.RootElement;
        if (json.ValueKind == JsonValueKind.String)
        {
            var text = json.GetString()!;
            var parts = text.StartsWith("block ", StringComparison.Ordinal) ? text["block ".Length..].Split(':') : [];
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var records)
                ? new ReceivedBlockPosition(sequence, records)
                : throw new JsonException($"'{text}' is not a received block (block SEQUENCE:RECORDS).");
        }

        return json.ValueKind == JsonValueKind.Object
            && json.TryGetProperty(nameof(ReceivedBlockPosition.Sequence), out var number) && number.TryGetInt64(out var blockSequence) && blockSequence > 0
            && json.TryGetProperty(nameof(ReceivedBlockPosition.Records), out var count) && count.TryGetInt32(out var blockRecords) && blockRecords >= 0
            ? new ReceivedBlockPosition(blockSequence, blockRecords)
            : throw new JsonException($"{json.GetRawText()} is not a received block ({{\"Sequence\":N,\"Records\":M}}).");
    }

    public override void Write(Utf8JsonWriter writer, ReceivedBlockPosition value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber(nameof(ReceivedBlockPosition.Sequence), value.Sequence);
        writer.WriteNumber(nameof(ReceivedBlockPosition.Records), value.Records);
        writer.WriteEndObject();
    }
}
