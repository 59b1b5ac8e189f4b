using Sluice.TestSupport;

namespace Sluice.Flume.Tests;

/// <summary>
/// The CLI's word count over Flume with the write-ahead log, killed with SIGKILL while a Flume-like Avro sink (avsc)
/// sends, and started again on the same port and checkpoint. The sink sends again what was not answered OK, so
/// nothing is lost; events logged but not yet answered when the process died are counted twice at most (at least
/// once, as Spark's reliable receivers).
/// </summary>
[Trait("Category", "Process")]
public sealed class FlumeCrashRecoveryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-flume-crash-").FullName;

    private string Output => Path.Combine(_root, "out");

    private string Checkpoint => Path.Combine(_root, "checkpoint");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task TheReceiverWithTheLog_KilledWhileTheSinkSends_AndStartedAgain_CountsEveryEvent()
    {
        var port = Loopback.FreePort();
        using var sink = ChildProcess.Start("node", [Path.Combine(AppContext.BaseDirectory, "flume-sink.js"), NodePeers.Module("avsc"), $"{port}", "20"], redirectInput: true);
        var (totals, _) = await CrashWhilePublishing.RunAsync(
            () => Task.FromResult(ChildProcess.Sluice("wordcount", "--flume", $"127.0.0.1:{port}", "--wal", "--checkpoint", Checkpoint, "--output", $"dir:{Output}", "--batch", "500ms", "--json", "--no-ui", "--master", "local[2]")), // the sink connects when it can
            next =>
            {
                sink.Input.WriteLine(CrashWhilePublishing.Word(next));
                return 1;
            },
            () => CrashWhilePublishing.Files(Checkpoint, "received-*"),
            Output);
        sink.Input.Close();

        Assert.Equal(0, await sink.WaitForExitAsync());
        Assert.Contains(sink.Error, line => line.StartsWith("resending", StringComparison.Ordinal)); // the kill cut a call off
        Assert.All(totals, pair => Assert.InRange(pair.Value, 1, 2));
    }
}
