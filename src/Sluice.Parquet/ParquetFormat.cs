using Parquet;
using Sluice.Outputs;

namespace Sluice.Parquet;

/// <summary>Parquet for <see cref="Streams.DStream{T}.SaveAsFiles"/>: <c>stream.SaveAsFiles(dir, ParquetFormat.For&lt;WordCount&gt;())</c>.</summary>
public static class ParquetFormat
{
    /// <summary>Parquet files of <typeparamref name="T"/>'s public properties, one column each (Parquet.Net's class serializer: a class or record with properties, not a tuple).</summary>
    /// <param name="options">Parquet.Net's options (compression and the like); its defaults when null.</param>
    public static IFileFormat<T> For<T>(ParquetOptions? options = null)
        where T : class
        => new ParquetFileFormat<T>(options);
}
