using Sluice.TestSupport;

namespace Sluice.RabbitMQ.Tests;

/// <summary>
/// The CLI's word count over RabbitMQ, killed with SIGKILL while messages arrive and started again with the same
/// checkpoint. A queue receiver with the write-ahead log loses nothing: a message logged but not yet acknowledged
/// when the process died is delivered again, so it may be counted twice (at least once, as Spark's reliable
/// receivers). A direct stream over a stream queue counts every message exactly once.
/// </summary>
[Trait("Category", "Process")]
public sealed class RabbitMQCrashRecoveryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-rabbitmq-crash-").FullName;

    private string Output => Path.Combine(_root, "out");

    private string Checkpoint => Path.Combine(_root, "checkpoint");

    [Fact]
    public async Task AQueueReceiverWithTheLog_KilledWhileMessagesArrive_AndStartedAgain_CountsEveryMessage()
    {
        using var broker = await RabbitMQBroker.StartNewAsync();
        broker.Declare("words");
        var totals = await KillAndRestartWhilePublishingAsync(broker, ["--wal"], "received-*");

        Assert.All(totals, pair => Assert.InRange(pair.Value, 1, 2));
    }

    [Fact]
    public async Task ADirectStreamOverAStreamQueue_KilledWhileMessagesArrive_AndStartedAgain_CountsEveryMessageOnce()
    {
        using var broker = await RabbitMQBroker.StartNewAsync();
        broker.Declare("words", "stream");
        var totals = await KillAndRestartWhilePublishingAsync(broker, ["--rabbitmq-stream"], "metadata-*");

        Assert.All(totals, pair => Assert.Equal(1, pair.Value));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// The scenario with pika publishing a word a line; the first run is killed once the checkpoint directory has a
    /// new <paramref name="killAfter"/> file: <c>received-*</c>, a block of the write-ahead log (logged before its
    /// messages are acknowledged); <c>metadata-*</c>, a checkpoint.
    /// </summary>
    private async Task<Dictionary<string, long>> KillAndRestartWhilePublishingAsync(RabbitMQBroker broker, string[] mode, string killAfter)
    {
        using var publisher = broker.Publisher("words");
        var (totals, _) = await CrashWhilePublishing.RunAsync(
            () => Task.FromResult(StartWordCount(broker, mode)),
            next =>
            {
                publisher.Input.WriteLine(CrashWhilePublishing.Word(next));
                return 1;
            },
            () => CrashWhilePublishing.Files(Checkpoint, killAfter),
            Output);
        publisher.Input.Close();
        Assert.Equal(0, await publisher.WaitForExitAsync());
        return totals;
    }

    private ChildProcess StartWordCount(RabbitMQBroker broker, string[] mode)
        => ChildProcess.Sluice(["wordcount", "--rabbitmq", broker.Url, "--queue", "words", .. mode,
            "--checkpoint", Checkpoint, "--output", $"dir:{Output}", "--batch", "500ms", "--json", "--no-ui", "--master", "local[2]"]);
}
