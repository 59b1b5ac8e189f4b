using System.Text;
using Sluice.Datasets;
using Sluice.Datasets.Operators;
using Sluice.Execution;

namespace Sluice.Sources;

/// <summary>
/// The records of a batch's files: one partition per file, read inside the task. Each file's records are counted
/// the first time it is read to its end, so the batch reports the records it read, as sources that know their
/// records before reading do.
/// </summary>
internal sealed class FileRecordsRdd<T>(SluiceContext context, IReadOnlyList<string> files, Func<string, IEnumerable<T>> read)
    : Rdd<T>(context, "fileStream")
{
    private readonly long[] _counted = [.. files.Select(_ => -1L)];

    public IReadOnlyList<string> Files { get; } = files;

    /// <summary>The records of the files read to their end so far.</summary>
    public long RecordsRead
    {
        get
        {
            var total = 0L;
            for (var file = 0; file < _counted.Length; file++)
            {
                total += Math.Max(0, Volatile.Read(ref _counted[file]));
            }

            return total;
        }
    }

    public override int PartitionCount => Files.Count;

    internal override IReadOnlyList<Dependency> Dependencies => [];

    internal override IEnumerable<T> Compute(int partition, TaskContext context)
    {
        var path = Files[partition];
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"File '{path}' was selected for this batch but is gone. Files in a watched directory must stay until their batch is processed; move new files in with a rename and delete old ones only after their batch.",
                path);
        }

        return new TaggedEnumerable<T>(Counted(read(path), partition), this);
    }

    private IEnumerable<T> Counted(IEnumerable<T> records, int partition)
    {
        var count = 0L;
        foreach (var record in records)
        {
            count++;
            yield return record;
        }

        // A task retried or a dataset read twice (two outputs, no cache) counts its file once.
        Interlocked.CompareExchange(ref _counted[partition], count, -1);
    }

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
