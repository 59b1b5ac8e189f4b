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
        using var client = server.Client();

        var (totals, _) = await CrashWhilePublishing.RunAsync(
            () => Task.FromResult(StartWordCount(server)),
            next =>
            {
                client.PublishAcknowledged("words", [Encoding.UTF8.GetBytes(CrashWhilePublishing.Word(next))]);
                return 1;
            },
            () => CrashWhilePublishing.Files(Checkpoint, "metadata-*"),
            Output);

        Assert.All(totals, pair => Assert.Equal(1, pair.Value));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ChildProcess StartWordCount(NatsServer server)
        => ChildProcess.Sluice("wordcount", "--nats", server.Url, "--nats-stream", "WORDS",
            "--checkpoint", Checkpoint, "--output", $"dir:{Output}", "--batch", "500ms", "--json", "--no-ui", "--master", "local[2]");
}
