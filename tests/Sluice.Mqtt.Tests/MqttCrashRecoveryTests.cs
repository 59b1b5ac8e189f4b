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
        using var publisher = broker.Publisher("words");
        var starts = 0;

        // One message a millisecond or so, up to the kill and after it: some are stored and acknowledged but in no
        // finished batch when the process dies, and some the broker keeps for the session while nobody is connected.
        // Killed once a block is logged after a batch: its messages are acknowledged (or about to be), and no
        // finished batch holds them.
        var (totals, _) = await CrashWhilePublishing.RunAsync(
            () => StartWordCountAsync(broker, resumed: starts++ > 0),
            next =>
            {
                publisher.Input.WriteLine(CrashWhilePublishing.Word(next));
                return 1;
            },
            () => CrashWhilePublishing.Files(Path.Combine(_root, "checkpoint"), "received-*"),
            Output);
        publisher.Input.Close();
        Assert.Equal(0, await publisher.WaitForExitAsync());

        Assert.All(totals, pair => Assert.InRange(pair.Value, 1, 2));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

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
}
