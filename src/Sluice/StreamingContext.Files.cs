using Sluice.Sources;
using Sluice.Streams;
using Sluice.Text;

namespace Sluice;

public sealed partial class StreamingContext
{
    /// <summary>
    /// The lines (UTF-8) of the new files in a directory, batch by batch (Spark's <c>textFileStream</c>). Files are
    /// taken once, by modification time; write each file elsewhere and rename it into the directory.
    /// </summary>
    /// <param name="directory">The directory to watch; its segments may contain <c>*</c> and <c>?</c>. It may not exist yet.</param>
    public DStream<string> TextFileStream(string directory)
        => FileStream(directory, static _ => true, newFilesOnly: true, FileRecords.Lines, "textFileStream");

    /// <summary>
    /// The lines of the new files in a directory as <see cref="TextFileStream"/> reads them, kept as their UTF-8 bytes:
    /// each line a view of the chunk of its file it was read in, for <see cref="Utf8Text"/> operators such as
    /// <see cref="TextDStreamExtensions.Words"/>. Bytes that are not valid UTF-8 are kept as they are.
    /// </summary>
    /// <param name="directory">The directory to watch; its segments may contain <c>*</c> and <c>?</c>. It may not exist yet.</param>
    public DStream<Utf8Text> Utf8TextFileStream(string directory)
        => FileStream(directory, static _ => true, newFilesOnly: true, static path => Utf8FileLines.Read(path), "utf8TextFileStream");

    /// <summary>The lines of the files in a directory that pass <paramref name="filter"/> (Spark's <c>fileStream</c>).</summary>
    /// <param name="directory">The directory to watch; its segments may contain <c>*</c> and <c>?</c>. It may not exist yet.</param>
    /// <param name="filter">Receives each candidate file's full path; files it rejects are skipped.</param>
    /// <param name="newFilesOnly">True to skip files modified before the stream started.</param>
    public DStream<string> FileStream(string directory, Func<string, bool> filter, bool newFilesOnly = true)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return FileStream(directory, filter, newFilesOnly, FileRecords.Lines, "fileStream");
    }

    /// <summary>Fixed-length binary records of the new files in a directory (Spark's <c>binaryRecordsStream</c>).</summary>
    /// <param name="directory">The directory to watch; its segments may contain <c>*</c> and <c>?</c>. It may not exist yet.</param>
    /// <param name="recordLength">Bytes per record; a file whose length is not a multiple of it fails its batch.</param>
    public DStream<byte[]> BinaryRecordsStream(string directory, int recordLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordLength);
        return FileStream(directory, static _ => true, newFilesOnly: true, path => FileRecords.FixedLengthRecords(path, recordLength), "binaryRecordsStream");
    }

    private FileInputDStream<T> FileStream<T>(string directory, Func<string, bool> filter, bool newFilesOnly, Func<string, IEnumerable<T>> read, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new FileInputDStream<T>(this, directory, filter, newFilesOnly, read, kind);
    }
}
