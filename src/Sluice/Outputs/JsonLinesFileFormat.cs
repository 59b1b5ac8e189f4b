using System.Text.Json;

namespace Sluice.Outputs;

/// <summary>One JSON document per line (JSON Lines), with System.Text.Json; tuples need <c>IncludeFields</c>, which the default options set.</summary>
internal sealed class JsonLinesFileFormat<T>(JsonSerializerOptions options) : IFileFormat<T>
{
    public string Extension => "jsonl";

    public void Write(Stream output, IEnumerable<T> records)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true, Encoder = options.Encoder });
        foreach (var record in records)
        {
            JsonSerializer.Serialize(writer, record, options);
            writer.Flush();
            writer.Reset();
            output.WriteByte((byte)'\n');
        }
    }
}
