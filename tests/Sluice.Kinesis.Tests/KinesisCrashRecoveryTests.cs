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

        var (totals, _) = await CrashWhilePublishing.RunAsync(
            () => Task.FromResult(StartWordCount(kinesis)),
            next =>
            {
                kinesis.PutRecords("words", Enumerable.Range(next, 25).Select(CrashWhilePublishing.Word)); // awscli, a call at a time
                return 25;
            },
            () => CrashWhilePublishing.Files(Checkpoint, "metadata-*"),
            Output);

        Assert.All(totals, pair => Assert.Equal(1, pair.Value));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ChildProcess StartWordCount(Kinesalite kinesis)
        => ChildProcess.Sluice(
            new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "test", ["AWS_SECRET_ACCESS_KEY"] = "test" },
            "wordcount", "--kinesis", "words", "--kinesis-endpoint", kinesis.Url, "--region", "us-east-1",
            "--checkpoint", Checkpoint, "--output", $"dir:{Output}", "--batch", "500ms", "--json", "--no-ui", "--master", "local[2]");
}
