using System.Globalization;
using System.Text;
using Sluice.TestSupport;

namespace Sluice.Nats.Tests;

/// <summary>
/// The CLI's word count over a JetStream stream, killed with SIGKILL while messages arrive and started again with
/// the same checkpoint: every message is counted exactly once.
/// </summary>
[Trait("Category", "Process")]
public sealed class NatsCrashRecoveryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-nats-crash-").FullName;

    private string Output => Path.Combine(_root, "out");

    private string Checkpoint => Path.Combine(_root, "checkpoint");

    [Fact]
    public async Task KilledWhileMessagesArrive_AndStartedAgain_EveryMessageIsCountedOnce()
    {
        using var server = await NatsServer.StartNewAsync();
        server.CreateStream("WORDS", "words");
        var published = 0;
        using var stop = new CancellationTokenSource();
        var publishing = Task.Run(async () =>
        {
            using var client = server.Client();
            while (!stop.IsCancellationRequested)
            {
                client.PublishAcknowledged("words", [Encoding.UTF8.GetBytes(Word(published))]);
                published++;
                await Task.Delay(1);
            }
        });
        using (var first = StartWordCount(server))
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

        using var second = StartWordCount(server);
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
        Assert.True(missing.Count == 0, $"{missing.Count} of {published} messages were lost, for example {string.Join(", ", missing.Take(5))}. {second.Describe()}");
        Assert.All(totals, pair => Assert.Equal(1, pair.Value));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Word(int index) => string.Create(CultureInfo.InvariantCulture, $"w{index}");

    private ChildProcess StartWordCount(NatsServer server)
        => ChildProcess.Sluice("wordcount", "--nats", server.Url, "--nats-stream", "WORDS",
            "--checkpoint", Checkpoint, "--output", $"dir:{Output}", "--batch", "500ms", "--json", "--no-ui", "--master", "local[2]");

    /// <summary>The checkpoints written so far (a <c>metadata-*</c> file each).</summary>
    private HashSet<string> Checkpoints() => Directory.Exists(Checkpoint) ? [.. Directory.GetFiles(Checkpoint, "metadata-*")] : [];
}
