using System.Globalization;
using Sluice.TestSupport;

namespace Sluice.Kinesis.Tests;

/// <summary>
/// The CLI's word count over a Kinesis data stream (kinesalite), killed with SIGKILL while records arrive and started
/// again with the same checkpoint: every record is counted exactly once.
/// </summary>
[Trait("Category", "Process")]
public sealed class KinesisCrashRecoveryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-kinesis-crash-").FullName;

    private string Output => Path.Combine(_root, "out");

    private string Checkpoint => Path.Combine(_root, "checkpoint");

    [Fact]
    public async Task KilledWhileRecordsArrive_AndStartedAgain_EveryRecordIsCountedOnce()
    {
        using var kinesis = await Kinesalite.StartAsync();
        kinesis.CreateStream("words", shards: 2);
        var published = 0;
        using var stop = new CancellationTokenSource();
        var publishing = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                kinesis.PutRecords("words", Enumerable.Range(published, 25).Select(Word)); // awscli, a call at a time
                published += 25;
            }
        });
        using (var first = StartWordCount(kinesis))
        {
            await first.WaitForLineAsync(line => line.Contains("\"records\":", StringComparison.Ordinal) && !line.Contains("\"records\":0", StringComparison.Ordinal), "a batch with records");
            var before = Checkpoints();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (Checkpoints().All(before.Contains))
            {
                Assert.True(DateTime.UtcNow < deadline, $"No checkpoint was written within 30 s of a batch. {first.Describe()}");
                await Task.Delay(1);
            }

            first.Kill();
        }

        using var second = StartWordCount(kinesis);
        await second.WaitForLineAsync(line => line.Contains("\"records\":", StringComparison.Ordinal), "a batch after the restart");
        await stop.CancelAsync();
        await publishing;
        var wait = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        Dictionary<string, long> totals;
        while ((totals = BatchDirectoryTotals.Of(Output)).Count < published && DateTime.UtcNow < wait)
        {
            await Task.Delay(50);
        }

        var missing = Enumerable.Range(0, published).Select(Word).Where(word => !totals.ContainsKey(word)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {published} records were lost, for example {string.Join(", ", missing.Take(5))}. {second.Describe()}");
        Assert.All(totals, pair => Assert.Equal(1, pair.Value));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Word(int index) => string.Create(CultureInfo.InvariantCulture, $"w{index}");

    private ChildProcess StartWordCount(Kinesalite kinesis)
        => ChildProcess.Sluice(
            new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "test", ["AWS_SECRET_ACCESS_KEY"] = "test" },
            "wordcount", "--kinesis", "words", "--kinesis-endpoint", kinesis.Url, "--region", "us-east-1",
            "--checkpoint", Checkpoint, "--output", $"dir:{Output}", "--batch", "500ms", "--json", "--no-ui", "--master", "local[2]");

    /// <summary>The checkpoints written so far (a <c>metadata-*</c> file each).</summary>
    private HashSet<string> Checkpoints() => Directory.Exists(Checkpoint) ? [.. Directory.GetFiles(Checkpoint, "metadata-*")] : [];
}
