using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Checkpointing;

/// <summary>What the recovery tests do alike: run a context to a time and read its output by batch time.</summary>
internal static class RecoveryRuns
{
    /// <summary>A running count of the words of a directory's files, its state saved every 3 s, each batch's totals as <c>word=count</c>.</summary>
    public static DStream<string> RunningCount(StreamingContext context, string directory)
        => context.TextFileStream(directory)
            .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Map(word => (word, 1))
            .UpdateStateByKey<string, int, int>((values, total) => new Optional<int>(total.GetValueOrDefault(0) + values.Count), partitions: 2)
            .Checkpoint(TimeSpan.FromSeconds(3))
            .Map(pair => $"{pair.Item1}={pair.Item2}");

    /// <summary>
    /// One file per batch in <paramref name="directory"/> (created), batch <c>b</c>'s lines made by
    /// <paramref name="lines"/> from a generator seeded with <c>b</c>, its modification time half a second before
    /// the batch on the manual clock, so batch <c>b</c> of a file stream takes exactly it.
    /// </summary>
    public static string WriteBatchFiles(string directory, int batches, DateTimeOffset start, Func<Random, IEnumerable<string>> lines)
    {
        Directory.CreateDirectory(directory);
        for (var batch = 1; batch <= batches; batch++)
        {
            var path = Path.Combine(directory, $"part-{batch:D2}.txt");
            File.WriteAllLines(path, lines(new Random(batch)));
            File.SetLastWriteTimeUtc(path, start.AddSeconds(batch).AddMilliseconds(-500).UtcDateTime);
        }

        return directory;
    }

    /// <summary>Runs batches until the clock reaches <paramref name="until"/>; returns each batch's sorted output.</summary>
    public static async Task<Dictionary<DateTimeOffset, string[]>> RunUntilAsync(StreamingTestContext test, OutputCollector<string> output, DateTimeOffset until)
    {
        while (test.Clock.GetUtcNow() < until)
        {
            await test.RunBatchesAsync(1);
        }

        return output.ByTime.ToDictionary(batch => batch.Time, batch => batch.Records.Order(StringComparer.Ordinal).ToArray());
    }
}
