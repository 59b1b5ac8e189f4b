using System.Globalization;
using System.Text;

namespace Sluice.Datasets;

/// <summary>Text files of records: part files written under a staging directory, then renamed into place whole.</summary>
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

    /// <summary>Marks the staging directory complete and renames it to <paramref name="target"/> in one step.</summary>
    public static void Commit(string staging, string target)
    {
        File.WriteAllBytes(Path.Combine(staging, "_SUCCESS"), []);
        Directory.Move(staging, target);
    }

    /// <summary>
    /// Moves an existing <paramref name="target"/> out of sight (one rename to a hidden name), so a batch written
    /// again never shows half-deleted; the caller deletes what this returns once the new directory is in place.
    /// </summary>
    public static string? SetAside(string target)
    {
        if (!Directory.Exists(target))
        {
            return null;
        }

        var aside = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.sluice-old-{Guid.NewGuid():N}");
        Directory.Move(target, aside);
        return aside;
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
