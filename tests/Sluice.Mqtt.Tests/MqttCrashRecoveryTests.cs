using System.Globalization;
using Sluice.TestSupport;

namespace Sluice.Mqtt.Tests;

/// <summary>
/// The CLI's word count over MQTT with the write-ahead log, killed with SIGKILL while messages arrive and started
/// again with the same checkpoint and client id: every message published is counted, none lost. A message logged
/// but not yet acknowledged when the process died is sent again by the broker, so it may be counted twice
/// (at least once, as Spark's reliable receivers).
/// </summary>
[Trait("Category", "Process")]
public sealed class MqttCrashRecoveryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-mqtt-crash-").FullName;

    private string Output => Path.Combine(_root, "out");

    [Fact]
    public async Task KilledWhileMessagesArrive_AndStartedAgain_EveryMessageIsCounted()
    {
        using var broker = await Mosquitto.StartAsync();
        var published = 0;
        using var publisher = broker.Publisher("words");
        using var stop = new CancellationTokenSource();
        Task publishing;
        using (var first = await StartWordCountAsync(broker))
        {
            // One message a millisecond or so, up to the kill and after it: some are stored and acknowledged but in no
            // finished batch when the process dies, and some the broker keeps for the session while nobody is connected.
            publishing = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await publisher.Input.WriteLineAsync(Word(published++));
                    await Task.Delay(1);
                }
            });
            await first.WaitForLineAsync(line => line.Contains("\"records\":", StringComparison.Ordinal) && !line.Contains("\"records\":0", StringComparison.Ordinal), "a batch with records");

            // Killed once a block is logged after that batch: its messages are acknowledged (or about to be), and no
            // finished batch holds them.
            var logged = LoggedBlocks();
            var logDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (LoggedBlocks().All(logged.Contains))
            {
                Assert.True(DateTime.UtcNow < logDeadline, "No block was logged within 30 s of a batch.");
                await Task.Delay(1);
            }

            first.Kill();
        }

        using var second = await StartWordCountAsync(broker, resumed: true);
        await stop.CancelAsync();
        await publishing;
        publisher.Input.Close();
        Assert.Equal(0, await publisher.WaitForExitAsync());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        Dictionary<string, long> totals;
        while ((totals = BatchDirectoryTotals.Of(Output)).Count < published && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var missing = Enumerable.Range(0, published).Select(Word).Where(word => !totals.ContainsKey(word)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {published} messages were lost, for example {string.Join(", ", missing.Take(5))}. {second.Describe()}");
        Assert.All(totals, pair => Assert.InRange(pair.Value, 1, 2));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Word(int index) => string.Create(CultureInfo.InvariantCulture, $"w{index}");

    /// <summary>Starts the word count, and waits until it has subscribed (and, <paramref name="resumed"/>, found its session kept).</summary>
    private async Task<ChildProcess> StartWordCountAsync(Mosquitto broker, bool resumed = false)
    {
        var process = ChildProcess.Sluice("wordcount", "--mqtt", $"tcp://127.0.0.1:{broker.Port}", "--topic", "words", "--mqtt-client-id", "crash-test",
            "--checkpoint", Path.Combine(_root, "checkpoint"), "--wal", "--output", $"dir:{Output}", "--batch", "500ms", "--json", "--no-ui", "--master", "local[2]", "--verbose");
        try
        {
            var subscribed = await process.WaitForLineAsync(line => line.Contains("subscribed to", StringComparison.Ordinal), "the receiver subscribed", standardError: true);
            Assert.Equal(resumed, subscribed.Contains("the broker kept the session", StringComparison.Ordinal));
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>The blocks in the write-ahead log now (a file each); a block is logged before its messages are acknowledged.</summary>
    private HashSet<string> LoggedBlocks()
    {
        var checkpoint = Path.Combine(_root, "checkpoint");
        return Directory.Exists(checkpoint) ? [.. Directory.GetFiles(checkpoint, "received-*")] : [];
    }
}
