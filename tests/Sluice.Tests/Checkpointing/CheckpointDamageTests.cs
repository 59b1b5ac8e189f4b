using Microsoft.Extensions.Logging;
using Sluice.Checkpointing;
using Sluice.Streams;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Tests.Checkpointing;

/// <summary>
/// A running count over a file directory, killed, and restarted on a checkpoint directory someone or something
/// damaged: a missing, corrupt or truncated state or metadata file is skipped, with a warning that names it, for the
/// newest checkpoint that is whole, and the counts go on as an uninterrupted run's; foreign files and a crashed
/// holder's lock are no obstacle; when nothing is usable, the refusal says what is damaged and what to do.
/// </summary>
public sealed class CheckpointDamageTests : IDisposable
{
    private const int Batches = 16;
    private const int KilledAt = 11;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-damage-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string WriteFiles(string name)
        => RecoveryRuns.WriteBatchFiles(Path.Combine(_root, name), Batches, Start, random => Enumerable.Range(0, 3).Select(_ => string.Join(' ', Enumerable.Range(0, 3).Select(_ => "abcdefg"[random.Next(7)].ToString()))));

    private static DStream<string> Build(StreamingContext context, string directory) => RecoveryRuns.RunningCount(context, directory);

    private static StreamingTestContext NewContext(LogCollector? logs = null)
        => new(configure: options => options.LoggerFactory = logs ?? new LogCollector());

    private async Task<Dictionary<DateTimeOffset, string[]>> UninterruptedAsync()
    {
        using var test = NewContext();
        test.Context.Checkpoint(Path.Combine(_root, "checkpoint-a"));
        return await RecoveryRuns.RunUntilAsync(test, test.Collect(Build(test.Context, WriteFiles("in-a"))), Start.AddSeconds(Batches));
    }

    /// <summary>Runs to <see cref="KilledAt"/> with checkpoints in <paramref name="checkpoint"/>, every one written, then stops without grace.</summary>
    private static async Task<Dictionary<DateTimeOffset, string[]>> KilledRunAsync(string checkpoint, string input)
    {
        using var test = NewContext();
        OutputCollector<string>? output = null;
        StreamingContext.GetOrCreate(checkpoint, () =>
        {
            output = test.Collect(Build(test.Context, input));
            return test.Context;
        });
        var batches = await RecoveryRuns.RunUntilAsync(test, output!, Start.AddSeconds(KilledAt));
        await test.Context.CheckpointsWrittenAsync();
        return batches;
    }

    /// <summary>Recovers and runs to the end; every batch, run once or twice, must equal the uninterrupted run's.</summary>
    private static async Task RecoverAndCompareAsync(string checkpoint, string input, Dictionary<DateTimeOffset, string[]> before, Dictionary<DateTimeOffset, string[]> expected, LogCollector logs)
    {
        using var test = NewContext(logs);
        OutputCollector<string>? output = null;
        StreamingContext.GetOrCreate(checkpoint, () =>
        {
            output = test.Collect(Build(test.Context, input));
            return test.Context;
        });
        test.Clock.SetUtcNow(Start.AddSeconds(KilledAt));
        foreach (var batch in await RecoveryRuns.RunUntilAsync(test, output!, Start.AddSeconds(Batches)))
        {
            Assert.True(!before.TryGetValue(batch.Key, out var first) || first.SequenceEqual(batch.Value), $"Batch {batch.Key:O} ran twice with different outputs.");
            before[batch.Key] = batch.Value;
        }

        Assert.Equal(expected.Keys.Order(), before.Keys.Order());
        Assert.All(expected, batch => Assert.Equal(batch.Value, before[batch.Key]));
    }

    private static string Newest(string checkpoint, string prefix)
        => Directory.EnumerateFiles(checkpoint, prefix + "*").Order(StringComparer.Ordinal).Last();

    [Theory]
    [InlineData("state missing")]
    [InlineData("every state file missing")]
    [InlineData("state corrupt")]
    [InlineData("state truncated")]
    [InlineData("state of another kind")]
    [InlineData("metadata truncated")]
    [InlineData("metadata corrupt")]
    public async Task DamagedNewestCheckpoint_FallsBackWithAWarning_AndCountsGoOnExactly(string damage)
    {
        var expected = await UninterruptedAsync();
        var checkpoint = Path.Combine(_root, "checkpoint-b");
        var input = WriteFiles("in-b");
        var before = await KilledRunAsync(checkpoint, input);

        var file = Newest(checkpoint, damage.StartsWith("metadata", StringComparison.Ordinal) ? "metadata-" : "state-");
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "state missing":
                File.Delete(file);
                break;
            case "every state file missing":
                // Back to a checkpoint from before the first state save, which replays every batch from the start.
                Directory.EnumerateFiles(checkpoint, "state-*").ToList().ForEach(File.Delete);
                break;
            case "state truncated" or "metadata truncated":
                File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
                break;
            case "state of another kind":
                File.Copy(Newest(checkpoint, "metadata-"), file, overwrite: true);
                break;
            default:
                bytes[bytes.Length / 2] ^= 0x40;
                File.WriteAllBytes(file, bytes);
                break;
        }

        var logs = new LogCollector();
        await RecoverAndCompareAsync(checkpoint, input, before, expected, logs);
        var named = damage == "every state file missing" ? "is missing" : Path.GetFileName(file);
        Assert.Contains(logs.Messages(), message => message.Contains("newer checkpoints could not be used", StringComparison.Ordinal) && message.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForeignFiles_AndTheLockOfACrashedHolder_AreNoObstacle()
    {
        var expected = await UninterruptedAsync();
        var checkpoint = Path.Combine(_root, "checkpoint-b");
        var input = WriteFiles("in-b");
        var before = await KilledRunAsync(checkpoint, input);
        File.WriteAllText(Path.Combine(checkpoint, "notes.txt"), "the operator's notes");
        File.WriteAllText(Path.Combine(checkpoint, "metadata-notes"), "not a checkpoint");
        File.WriteAllText(Path.Combine(checkpoint, ".lock-holder"), """{"Application":"sluice","Host":"elsewhere","ProcessId":1,"Since":"2026-01-01T00:00:00+00:00"}""");
        Directory.CreateDirectory(Path.Combine(checkpoint, "subdirectory"));

        var logs = new LogCollector();
        await RecoverAndCompareAsync(checkpoint, input, before, expected, logs);
        Assert.DoesNotContain(logs.Messages(), message => message.Contains("could not be used", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoMetadataReadable_IsRefusedSayingWhatIsDamagedAndWhatToDo_OrStartsAfreshWhenAsked()
    {
        var checkpoint = Path.Combine(_root, "checkpoint-b");
        var input = WriteFiles("in-b");
        await KilledRunAsync(checkpoint, input);
        foreach (var metadata in Directory.EnumerateFiles(checkpoint, "metadata-*"))
        {
            File.WriteAllBytes(metadata, []); // cut short by a crash of the machine, every one
        }

        using (var refused = NewContext())
        {
            var error = Assert.Throws<CheckpointFormatException>(() => StreamingContext.GetOrCreate(checkpoint, () =>
            {
                Build(refused.Context, input).Print();
                return refused.Context;
            }));
            Assert.StartsWith($"No checkpoint in {checkpoint} can be used: ", error.Message, StringComparison.Ordinal);
            Assert.Contains("older metadata files like it) is truncated (0 of 35 bytes: a write was cut short).", error.Message, StringComparison.Ordinal);
            Assert.Contains("createOnError: true", error.Message, StringComparison.Ordinal);
            Assert.Contains("--create-on-error", error.Message, StringComparison.Ordinal);
        }

        var logs = new LogCollector();
        using var fresh = NewContext(logs);
        OutputCollector<string>? output = null;
        StreamingContext.GetOrCreate(checkpoint, () => { output = fresh.Collect(Build(fresh.Context, input)); return fresh.Context; }, createOnError: true);
        await fresh.RunBatchesAsync(1);
        Assert.Single(output!.Batches);
        Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("starting afresh as asked", StringComparison.Ordinal));
    }
}
