using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kafka;

/// <summary>
/// Writes an <see cref="OffsetRange"/> as its four fields; reads them, or the first checkpoint format's string
/// <c>topic/partition/from/until</c> (topic names have no <c>/</c>).
/// </summary>
internal sealed class OffsetRangeJsonConverter : JsonConverter<OffsetRange>
{
    public override OffsetRange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var json = document.RootElement;
        if (json.ValueKind == JsonValueKind.String)
        {
            var parts = json.GetString()!.Split('/');
            return parts.Length == 4
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var until)
                && from <= until
                ? new OffsetRange(parts[0], partition, from, until)
                : throw new JsonException($"'{json.GetString()}' is not a Kafka offset range (topic/partition/from/until).");
        }

        return json.ValueKind == JsonValueKind.Object
            && json.TryGetProperty(nameof(OffsetRange.Topic), out var topic) && topic.ValueKind == JsonValueKind.String
            && json.TryGetProperty(nameof(OffsetRange.Partition), out var number) && number.TryGetInt32(out var rangePartition) && rangePartition >= 0
            && json.TryGetProperty(nameof(OffsetRange.FromOffset), out var first) && first.TryGetInt64(out var fromOffset)
            && json.TryGetProperty(nameof(OffsetRange.UntilOffset), out var last) && last.TryGetInt64(out var untilOffset)
            && fromOffset >= 0 && fromOffset <= untilOffset
            ? new OffsetRange(topic.GetString()!, rangePartition, fromOffset, untilOffset)
            : throw new JsonException($"{json.GetRawText()} is not a Kafka offset range.");
    }

    public override void Write(Utf8JsonWriter writer, OffsetRange value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(nameof(OffsetRange.Topic), value.Topic);
        writer.WriteNumber(nameof(OffsetRange.Partition), value.Partition);
        writer.WriteNumber(nameof(OffsetRange.FromOffset), value.FromOffset);
        writer.WriteNumber(nameof(OffsetRange.UntilOffset), value.UntilOffset);
        writer.WriteEndObject();
    }
}
