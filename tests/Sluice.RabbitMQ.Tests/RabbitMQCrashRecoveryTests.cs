using System.Globalization;
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
        var totals = await KillAndRestartWhilePublishingAsync(broker, "words", ["--wal"], killWhen: () => Files("received-*"));

        Assert.All(totals, pair => Assert.InRange(pair.Value, 1, 2));
    }

    [Fact]
    public async Task ADirectStreamOverAStreamQueue_KilledWhileMessagesArrive_AndStartedAgain_CountsEveryMessageOnce()
    {
        using var broker = await RabbitMQBroker.StartNewAsync();
        broker.Declare("words", "stream");
        var totals = await KillAndRestartWhilePublishingAsync(broker, "words", ["--rabbitmq-stream"], killWhen: () => Files("metadata-*"));

        Assert.All(totals, pair => Assert.Equal(1, pair.Value));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// Publishes a word a millisecond or so from before the first run until the second has started; kills the first
    /// once <paramref name="killWhen"/> has a new file after a batch with records (a block logged, a checkpoint written), so that
    /// something acknowledged or planned is in no finished batch. Returns each word's count over every batch written.
    /// </summary>
    private async Task<Dictionary<string, long>> KillAndRestartWhilePublishingAsync(RabbitMQBroker broker, string queue, string[] mode, Func<HashSet<string>> killWhen)
    {
        var published = 0;
        using var publisher = broker.Publisher(queue);
        using var stop = new CancellationTokenSource();
        var publishing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await publisher.Input.WriteLineAsync(Word(published++));
                await Task.Delay(1);
            }
        });
        using (var first = StartWordCount(broker, queue, mode))
        {
            await first.WaitForLineAsync(line => line.Contains("\"records\":", StringComparison.Ordinal) && !line.Contains("\"records\":0", StringComparison.Ordinal), "a batch with records");
            var before = killWhen();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (killWhen().All(before.Contains))
            {
                Assert.True(DateTime.UtcNow < deadline, $"Nothing more was logged or checkpointed within 30 s of a batch. {first.Describe()}");
                await Task.Delay(1);
            }

            first.Kill();
        }

        using var second = StartWordCount(broker, queue, mode);
        await second.WaitForLineAsync(line => line.Contains("\"records\":", StringComparison.Ordinal), "a batch after the restart");
        await stop.CancelAsync();
        await publishing;
        publisher.Input.Close();
        Assert.Equal(0, await publisher.WaitForExitAsync());
        var wait = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        Dictionary<string, long> totals;
        while ((totals = BatchDirectoryTotals.Of(Output)).Count < published && DateTime.UtcNow < wait)
        {
            await Task.Delay(50);
        }

        var missing = Enumerable.Range(0, published).Select(Word).Where(word => !totals.ContainsKey(word)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {published} messages were lost, for example {string.Join(", ", missing.Take(5))}. {second.Describe()}");
        return totals;
    }

    private static string Word(int index) => string.Create(CultureInfo.InvariantCulture, $"w{index}");

    private ChildProcess StartWordCount(RabbitMQBroker broker, string queue, string[] mode)
        => ChildProcess.Sluice(["wordcount", "--rabbitmq", broker.Url, "--queue", queue, .. mode,
            "--checkpoint", Checkpoint, "--output", $"dir:{Output}", "--batch", "500ms", "--json", "--no-ui", "--master", "local[2]"]);

    /// <summary>
    /// The checkpoint directory's files that match <paramref name="pattern"/>: <c>received-*</c>, the blocks of the
    /// write-ahead log (a block is logged before its messages are acknowledged); <c>metadata-*</c>, the checkpoints.
    /// </summary>
    private HashSet<string> Files(string pattern) => Directory.Exists(Checkpoint) ? [.. Directory.GetFiles(Checkpoint, pattern)] : [];
}
