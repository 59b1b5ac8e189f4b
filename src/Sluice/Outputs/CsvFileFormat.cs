using System.Globalization;
using System.Text;

namespace Sluice.Outputs;

/// <summary>
/// CSV as RFC 4180 writes it: a header line, commas, CRLF line ends, and fields with a comma, quote or line break
/// quoted (quotes doubled). Values are formatted with the invariant culture, dates as ISO 8601, nulls as empty.
/// </summary>
internal sealed class CsvFileFormat<T>(IReadOnlyList<CsvColumn<T>> columns) : IFileFormat<T>
{
    public string Extension => "csv";

    public void Write(Stream output, IEnumerable<T> records)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
        WriteLine(writer, columns.Select(column => column.Header));
        foreach (var record in records)
        {
            WriteLine(writer, columns.Select(column => Format(column.Value(record))));
        }
    }

    private static void WriteLine(StreamWriter writer, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                writer.Write(',');
            }

            first = false;
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(field);
            }
        }

        writer.Write("\r\n");
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
