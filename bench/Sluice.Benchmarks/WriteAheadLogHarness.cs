using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Checkpointing;
using Sluice.Sources;

namespace Sluice.Benchmarks;

/// <summary>
/// What making a received block durable costs: the write-ahead log (a checkpoint file per block, written whole
/// through the local storage: a temporary file, fsync, rename, directory fsync) against a hand-written yardstick in
/// the same run, the first format's way (append the block to an open segment and fsync it), at a few block sizes.
/// </summary>
internal static class WriteAheadLogHarness
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--blocks", "--sizes"]);
        var blocks = options.GetInt("--blocks", 200);
        var root = Directory.CreateTempSubdirectory("sluice-bench-wal-").FullName;
        try
        {
            Console.WriteLine($"Write-ahead log: {blocks} blocks per run, median of 5 runs, in {root}");
            Console.WriteLine("| block | append + fsync (yardstick), ms per block | file per block (Sluice), ms per block | ratio |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var size in options.GetInts("--sizes", [4 << 10, 64 << 10, 1 << 20]))
            {
                var payload = new byte[size];
                new Random(size).NextBytes(payload);
                var appended = Medians.Of(5, run => Appended(Path.Combine(root, $"append-{size}-{run}"), payload, blocks));
                var files = Medians.Of(5, run => FilePerBlock(Path.Combine(root, $"files-{size}-{run}"), payload, blocks));
                Console.WriteLine($"| {size / 1024} KiB | {appended:F3} | {files:F3} | {files / appended:F2} |");
            }

            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static double Appended(string directory, byte[] payload, int blocks)
    {
        Directory.CreateDirectory(directory);
        using var segment = new FileStream(Path.Combine(directory, "log"), FileMode.CreateNew, FileAccess.Write);
        var watch = Stopwatch.StartNew();
        for (var block = 0; block < blocks; block++)
        {
            segment.Write(payload);
            segment.Flush(flushToDisk: true);
        }

        return watch.Elapsed.TotalMilliseconds / blocks;
    }

    private static double FilePerBlock(string directory, byte[] payload, int blocks)
    {
        using var log = new ReceivedBlockLog(new LocalCheckpointStorage(directory), 0, null, NullLogger.Instance);
        var watch = Stopwatch.StartNew();
        for (var block = 1; block <= blocks; block++)
        {
            log.Append(block, 1, payload);
        }

        return watch.Elapsed.TotalMilliseconds / blocks;
    }
}
