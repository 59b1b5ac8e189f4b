using Sluice.Monitoring;
using Sluice.Streams;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Tests.Checkpointing;

/// <summary>
/// A windowed count over a file directory whose checkpoint disk fills up: state saves fail while the small metadata
/// files still fit, as on a real full disk. Every failure is reported; the context is killed with the disk still
/// full and recovered: the window goes on exactly as an uninterrupted run's, because no checkpoint ever points at
/// state older than the source positions it keeps.
/// </summary>
[Trait("Category", "Process")] // mounts a tmpfs
public sealed class FullDiskRecoveryTests : IDisposable
{
    private const int Batches = 40;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-full-disk-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>One file per batch, dated inside its interval, with enough distinct words that a state save needs more room than a metadata file.</summary>
    private string WriteFiles(string name)
        => RecoveryRuns.WriteBatchFiles(Path.Combine(_root, name), Batches, Start, random => Enumerable.Range(0, 100).Select(_ => string.Join(' ', Enumerable.Range(0, 25).Select(_ => $"w{random.Next(1_000_000)}"))));

    /// <summary>A file stream looks back 5 s, not 60: positions kept for that alone would cover this short run.</summary>
    private static StreamingTestContext NewContext() => new(configure: options => options.FileStreamRememberWindow = TimeSpan.FromSeconds(5));

    private static DStream<string> Build(StreamingContext context, string directory)
        => context.TextFileStream(directory)
            .FlatMap(line => line.Split(' '))
            .Map(word => (word, 1))
            .ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1), partitions: 2, filter: pair => pair.Item2 != 0)
            .Checkpoint(TimeSpan.FromSeconds(3))
            .Map(pair => $"{pair.Item1}={pair.Item2}");

    private sealed class CheckpointEvents : IStreamingListener
    {
        public List<CheckpointInfo> All { get; } = [];

        public void OnCheckpoint(CheckpointInfo checkpoint)
        {
            lock (All)
            {
                All.Add(checkpoint);
            }
        }
    }

    /// <summary>Runs one batch at a time until <paramref name="until"/>, each batch's checkpoint written (or failed) before the next.</summary>
    private static async Task RunAsync(StreamingTestContext test, DateTimeOffset until, Action<DateTimeOffset>? afterBatch = null)
    {
        while (test.Clock.GetUtcNow() < until)
        {
            await test.RunBatchesAsync(1);
            await test.Context.CheckpointsWrittenAsync();
            afterBatch?.Invoke(test.Clock.GetUtcNow());
        }
    }

    [Fact]
    public async Task StateSavesFailOnAFullDisk_AndAKilledContextRecoversExactly()
    {
        var end = Start.AddSeconds(Batches);
        Dictionary<DateTimeOffset, string[]> expected;
        using (var uninterrupted = NewContext())
        {
            uninterrupted.Context.Checkpoint(Path.Combine(_root, "checkpoint-a"));
            expected = await RecoveryRuns.RunUntilAsync(uninterrupted, uninterrupted.Collect(Build(uninterrupted.Context, WriteFiles("in-a"))), end);
        }

        var input = WriteFiles("in-b");
        using var disk = SmallDisk.Mount(1 << 20);
        var actual = new Dictionary<DateTimeOffset, string[]>();
        var events = new CheckpointEvents();
        using (var first = NewContext())
        {
            OutputCollector<string>? output = null;
            StreamingContext.GetOrCreate(disk.Path, () =>
            {
                output = first.Collect(Build(first.Context, input));
                first.Context.AddStreamingListener(events);
                return first.Context;
            });

            // Two state saves fit (at 3 s and 6 s); then the disk fills, leaving room for metadata only, for longer than
            // inputs keep positions when saves succeed (a checkpoint interval, the window and a few batches).
            await RunAsync(first, Start.AddSeconds(30), now =>
            {
                if (now == Start.AddSeconds(7))
                {
                    disk.Fill(leaveFree: 96 << 10);
                }
            });
            foreach (var batch in output!.ByTime)
            {
                actual[batch.Time] = [.. batch.Records.Order(StringComparer.Ordinal)];
            }
        }

        Assert.Contains(events.All, checkpoint => checkpoint.Succeeded && checkpoint.BatchTime == Start.AddSeconds(6));
        var failures = events.All.Where(checkpoint => !checkpoint.Succeeded).ToList();
        Assert.NotEmpty(failures);
        Assert.Contains("No space left on device", failures[0].Failure, StringComparison.Ordinal);
        Assert.True(failures[^1].ConsecutiveFailures >= 2, "Every batch after a failed state save tries it again.");

        using var second = NewContext();
        OutputCollector<string>? recovered = null;
        var afterRecovery = new CheckpointEvents();
        StreamingContext.GetOrCreate(disk.Path, () =>
        {
            recovered = second.Collect(Build(second.Context, input));
            second.Context.AddStreamingListener(afterRecovery);
            return second.Context;
        });
        second.Clock.SetUtcNow(Start.AddSeconds(30));
        await RunAsync(second, end, now =>
        {
            if (now == Start.AddSeconds(34))
            {
                disk.FreeBallast(); // space again: checkpoints are written again
            }
        });

        foreach (var batch in recovered!.ByTime)
        {
            var records = batch.Records.Order(StringComparer.Ordinal).ToArray();
            Assert.True(!actual.TryGetValue(batch.Time, out var before) || before.SequenceEqual(records), $"Batch {batch.Time:O} ran twice with different outputs.");
            actual[batch.Time] = records;
        }

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, batch => Assert.Equal(batch.Value, actual[batch.Key]));
        Assert.True(afterRecovery.All[^1].Succeeded, "Once there is space, checkpoints are written again.");
    }
}
