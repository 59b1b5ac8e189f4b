using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Datasets;
using Sluice.Text;

namespace Sluice.Cli;

/// <summary>
/// One JSON object per batch per line: <c>{"batchTime":"…","records":lines,"top":[{"word":"…","count":n},…]}</c>,
/// for scripts that read the word count's output.
/// </summary>
internal static class WordCountJson
{
    public static void Write(TextWriter output, Rdd<Utf8Text> lines, DateTimeOffset time, int top)
    {
        lines.Cache();
        var records = lines.Count();
        var counts = WordCountPipeline.CountsDescending(lines).Take(top);
        lines.Unpersist();
        Write(output, time, records, counts);
    }

    /// <summary>Writes one window's line: <paramref name="windowCounts"/> holds the window's line count under <see cref="WordCountPipeline.LinesKey"/>.</summary>
    public static void WriteWindow(TextWriter output, Rdd<(Utf8Text Word, int Count)> windowCounts, DateTimeOffset time, int top)
    {
        windowCounts.Cache();
        var records = windowCounts.Filter(static pair => pair.Word == WordCountPipeline.LinesKey).Map(static pair => (long)pair.Count).Collect().Sum();
        var counts = WordCountPipeline.Descending(windowCounts).Take(top);
        windowCounts.Unpersist();
        Write(output, time, records, counts);
    }

    private static void Write(TextWriter output, DateTimeOffset time, long records, IEnumerable<(int Count, Utf8Text Word)> counts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("batchTime", BatchTime(time));
            json.WriteNumber("records", records);
            json.WriteStartArray("top");
            foreach (var (count, word) in counts)
            {
                json.WriteStartObject();
                json.WriteString("word", word.Span);
                json.WriteNumber("count", count);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        lock (output)
        {
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            output.Flush();
        }
    }

    /// <summary>A batch time as every JSON line of the command line writes it: UTC, to the millisecond.</summary>
    public static string BatchTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
