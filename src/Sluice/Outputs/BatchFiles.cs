using System.Globalization;
using Sluice.Datasets;

namespace Sluice.Outputs;

/// <summary>
/// One batch's output directory: part files written in a hidden staging directory, a <c>_SUCCESS</c> marker,
/// then one rename into place, so the directory appears complete or not at all. A directory left by the same
/// batch before a crash is replaced, so a batch run again after a recovery never adds a second copy.
/// </summary>
internal static class BatchFiles
{
    public static void Write<T>(Rdd<T> rdd, string target, IFileFormat<T> format)
    {
        target = Path.GetFullPath(target);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staging = TextOutput.StagingDirectory(target);
        Directory.CreateDirectory(staging);
        try
        {
            rdd.RunJob("saveAsFiles", (task, records) =>
            {
                // A retried task overwrites the file of its failed attempt.
                var path = Path.Combine(staging, string.Create(CultureInfo.InvariantCulture, $"part-{task.PartitionIndex:D5}.{format.Extension}"));
                using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
                format.Write(file, records);
                return 0;
            });
            var old = TextOutput.SetAside(target); // the same batch, written before a crash
            TextOutput.Commit(staging, target);
            if (old is not null)
            {
                TextOutput.TryDelete(old);
            }
        }
        catch
        {
            TextOutput.TryDelete(staging);
            throw;
        }
    }
}
