using System.Globalization;
using System.Text;

namespace Sluice.Datasets;

/// <summary>Output directories of records: part files written under a staging directory, then renamed into place whole.</summary>
internal static class TextOutput
{
    public static string StagingDirectory(string target)
        => Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.sluice-tmp-{Guid.NewGuid():N}");

    public static void WritePart<T>(string directory, int partition, IEnumerable<T> records)
    {
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"part-{partition:D5}"));

        // A retried task overwrites the file of its failed attempt.
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        foreach (var record in records)
        {
            writer.Write(RecordFormatter.Format(record));
            writer.Write('\n');
        }
    }

    /// <summary>
    /// Writes every partition of <paramref name="rdd"/> with <paramref name="writePart"/> into a hidden staging
    /// directory, marks it complete with <c>_SUCCESS</c> and renames it to <paramref name="target"/>, so the directory
    /// appears complete or not at all. A <paramref name="target"/> already there (the same batch, written before a
    /// crash) is replaced only once the new one is complete, and out of sight: renamed aside, then deleted.
    /// </summary>
    /// <param name="rdd">The records.</param>
    /// <param name="target">The output directory, a full path.</param>
    /// <param name="action">The job's name.</param>
    /// <param name="writePart">Writes one partition's records into the staging directory (a retried task writes the same file again).</param>
    public static void WriteDirectory<T>(Rdd<T> rdd, string target, string action, Action<string, int, IEnumerable<T>> writePart)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staging = StagingDirectory(target);
        Directory.CreateDirectory(staging);
        try
        {
            rdd.RunJob(action, (task, records) =>
            {
                writePart(staging, task.PartitionIndex, records);
                return 0;
            });
            File.WriteAllBytes(Path.Combine(staging, "_SUCCESS"), []);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }

        string? old = null;
        if (Directory.Exists(target))
        {
            old = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.sluice-old-{Guid.NewGuid():N}");
            Directory.Move(target, old);
        }

        Directory.Move(staging, target);
        if (old is not null)
        {
            TryDelete(old);
        }
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover staging directory has a hidden, unique name and is never read as output.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
