using CsCheck;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Checkpointing;

/// <summary>
/// A running word count over a file directory, stopped at a random batch and recovered with GetOrCreate after
/// some downtime: the file stream replays the files its batches took (recorded in the checkpoint) and takes no file
/// twice, so every batch's counts equal an uninterrupted run's.
/// </summary>
public sealed class FileStreamRecoveryTests
{
    private const int Batches = 16;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One file per batch, dated inside that batch's interval on the manual clock.</summary>
    private static void WriteFiles(string directory)
        => RecoveryRuns.WriteBatchFiles(directory, Batches, Start, random => Enumerable.Range(0, random.Next(0, 4)).Select(_ => string.Join(' ', Enumerable.Range(0, 3).Select(_ => "abcde"[random.Next(5)].ToString()))));

    private static DStream<string> Build(StreamingContext context, string directory) => RecoveryRuns.RunningCount(context, directory);

    [Fact]
    public Task StoppedAtAnyBatch_AndRecovered_CountsEveryFileOnce()
        => Gen.Select(Gen.Int[1, Batches - 4], Gen.Int[0, 3]).SampleAsync(
            async input =>
            {
                var (stopAfter, downtime) = input;
                var root = Directory.CreateTempSubdirectory("sluice-file-recovery-").FullName;
                try
                {
                    var end = Start.AddSeconds(Batches);
                    Dictionary<DateTimeOffset, string[]> expected;
                    WriteFiles(Path.Combine(root, "in-a"));
                    using (var uninterrupted = new StreamingTestContext())
                    {
                        uninterrupted.Context.Checkpoint(Path.Combine(root, "checkpoint-a"));
                        expected = await RecoveryRuns.RunUntilAsync(uninterrupted, uninterrupted.Collect(Build(uninterrupted.Context, Path.Combine(root, "in-a"))), end);
                    }

                    var directory = Path.Combine(root, "in-b");
                    var checkpoint = Path.Combine(root, "checkpoint-b");
                    WriteFiles(directory);
                    var actual = new Dictionary<DateTimeOffset, string[]>();
                    using (var first = new StreamingTestContext())
                    {
                        OutputCollector<string>? output = null;
                        StreamingContext.GetOrCreate(checkpoint, () =>
                        {
                            output = first.Collect(Build(first.Context, directory));
                            return first.Context;
                        });
                        foreach (var batch in await RecoveryRuns.RunUntilAsync(first, output!, Start.AddSeconds(stopAfter)))
                        {
                            actual.Add(batch.Key, batch.Value);
                        }
                    }

                    using (var second = new StreamingTestContext())
                    {
                        OutputCollector<string>? output = null;
                        StreamingContext.GetOrCreate(checkpoint, () =>
                        {
                            output = second.Collect(Build(second.Context, directory));
                            return second.Context;
                        });
                        second.Clock.SetUtcNow(Start.AddSeconds(stopAfter + downtime));
                        foreach (var batch in await RecoveryRuns.RunUntilAsync(second, output!, end))
                        {
                            // A batch in flight at the stop runs again (at-least-once), with the same output.
                            Assert.True(!actual.TryGetValue(batch.Key, out var before) || before.SequenceEqual(batch.Value), $"Batch {batch.Key:O} ran twice with different outputs.");
                            actual[batch.Key] = batch.Value;
                        }
                    }

                    return expected.Count == actual.Count && expected.All(batch => actual[batch.Key].SequenceEqual(batch.Value));
                }
                finally
                {
                    Directory.Delete(root, recursive: true);
                }
            },
            iter: 6,
            print: input => $"stop after {input.Item1} batches, down for {input.Item2}");

    [Fact]
    public async Task CrashedBeforeItsFirstBatch_ResumesFromItsStart_AndTakesTheFilesThatCameMeanwhile()
    {
        var root = Directory.CreateTempSubdirectory("sluice-file-recovery-").FullName;
        try
        {
            var directory = Directory.CreateDirectory(Path.Combine(root, "in")).FullName;
            var checkpoint = Path.Combine(root, "checkpoint");
            using (var crashed = new StreamingTestContext())
            {
                StreamingContext.GetOrCreate(checkpoint, () =>
                {
                    crashed.Collect(crashed.Context.TextFileStream(directory));
                    return crashed.Context;
                });
                crashed.Context.Start(); // and ends before its first batch: Dispose stops it at once, as a crash would
            }

            // Files that come while it is down, and while the restarted application starts.
            RecoveryRuns.WriteBatchFiles(directory, 4, Start, random => [$"line {random.Next()}"]);
            var expected = Directory.GetFiles(directory).SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal);
            using var restarted = new StreamingTestContext();
            OutputCollector<string>? output = null;
            StreamingContext.GetOrCreate(checkpoint, () =>
            {
                output = restarted.Collect(restarted.Context.TextFileStream(directory));
                return restarted.Context;
            });
            restarted.Clock.SetUtcNow(Start.AddSeconds(5));
            var batches = await RecoveryRuns.RunUntilAsync(restarted, output!, Start.AddSeconds(6));

            Assert.Equal(expected, batches.Values.SelectMany(lines => lines).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
