using System.Text;

namespace Sluice.Sources;

/// <summary>How file streams turn a file into records.</summary>
internal static class FileRecords
{
    /// <summary>Reads a file selected for a batch with <paramref name="read"/>, saying what to do when it is gone.</summary>
    /// <exception cref="FileNotFoundException">The file was deleted before its batch read it.</exception>
    public static IEnumerable<T> Read<T>(string path, Func<string, IEnumerable<T>> read)
        => File.Exists(path)
            ? read(path)
            : throw new FileNotFoundException(
                $"File '{path}' was selected for this batch but is gone. Files in a watched directory must stay until their batch is processed; move new files in with a rename and delete old ones only after their batch.",
                path);


    public static IEnumerable<string> Lines(string path) => File.ReadLines(path, Encoding.UTF8);

    public static IEnumerable<byte[]> FixedLengthRecords(string path, int recordLength)
    {
        using var stream = File.OpenRead(path);
        if (stream.Length % recordLength != 0)
        {
            throw new InvalidDataException($"File '{path}' is {stream.Length} bytes, not a multiple of the record length {recordLength}: it is truncated or not of this format.");
        }

        while (true)
        {
            var record = new byte[recordLength];
            var read = stream.ReadAtLeast(record, recordLength, throwOnEndOfStream: false);
            if (read == 0)
            {
                yield break;
            }

            yield return record;
        }
    }
}
