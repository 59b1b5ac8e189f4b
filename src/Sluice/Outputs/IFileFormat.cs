namespace Sluice.Outputs;

/// <summary>How records become the bytes of one output file: text, JSON lines, CSV, or a format of your own (Parquet, in Sluice.Parquet).</summary>
public interface IFileFormat<in T>
{
    /// <summary>The files' extension, without the dot, such as <c>jsonl</c>.</summary>
    string Extension { get; }

    /// <summary>Writes <paramref name="records"/> as one whole file to <paramref name="output"/>.</summary>
    /// <param name="output">The file's stream; the caller flushes and closes it.</param>
    /// <param name="records">The records of one partition of a batch.</param>
    void Write(Stream output, IEnumerable<T> records);
}
