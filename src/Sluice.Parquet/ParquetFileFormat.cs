using Parquet;
using Parquet.Serialization;
using Sluice.Outputs;

namespace Sluice.Parquet;

/// <summary>One Parquet file per partition of a batch, with Parquet.Net's class serializer (a column per public property).</summary>
internal sealed class ParquetFileFormat<T>(ParquetOptions? options) : IFileFormat<T>
{
    public string Extension => "parquet";

    // The serializer is asynchronous; a task runs on a worker thread of its own, so waiting here blocks no caller.
    public void Write(Stream output, IEnumerable<T> records)
        => ParquetSerializer.SerializeAsync(records.ToList(), output, options).GetAwaiter().GetResult();
}
