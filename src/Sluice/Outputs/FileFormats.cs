using System.Text.Json;

namespace Sluice.Outputs;

/// <summary>The file formats of <see cref="Streams.DStream{T}.SaveAsFiles"/>.</summary>
public static class FileFormats
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { IncludeFields = true };

    /// <summary>One record per line, as <c>Print</c> formats it.</summary>
    public static IFileFormat<T> Text<T>() => new TextFileFormat<T>();

    /// <summary>One JSON document per line (JSON Lines), camelCase, with public fields (so tuples' items) included unless <paramref name="options"/> say otherwise.</summary>
    public static IFileFormat<T> JsonLines<T>(JsonSerializerOptions? options = null) => new JsonLinesFileFormat<T>(options ?? s_json);

    /// <summary>CSV (RFC 4180) with a header line, one column per <paramref name="columns"/>.</summary>
    /// <exception cref="ArgumentException">No column was given.</exception>
    public static IFileFormat<T> Csv<T>(params IReadOnlyList<CsvColumn<T>> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return columns.Count > 0 ? new CsvFileFormat<T>(columns) : throw new ArgumentException("CSV needs at least one column.", nameof(columns));
    }
}
