using System.Text.Json;
using Sluice.TestSupport;

namespace Sluice.Kafka.Tests;

/// <summary>
/// The CLI as processes: <c>sluice kafka-dev</c> runs the cluster, kcat (an outside client) produces lines into it,
/// and <c>sluice wordcount --kafka</c> counts them over a window longer than the run. Every process is killed when
/// its test ends, however it ends.
/// </summary>
[Trait("Category", "Process")]
public sealed class KafkaCliProcessTests
{
    private static async Task ProduceAsync(string address, IEnumerable<string> lines, string topic = "lines")
    {
        using var kcat = ChildProcess.Start("kcat", ["-P", "-b", address, "-t", topic, "-X", "sticky.partitioning.linger.ms=0"], redirectInput: true);
        await kcat.Input.WriteAsync(string.Join('\n', lines) + "\n");
        kcat.Input.Close();
        Assert.Equal(0, await kcat.WaitForExitAsync());
    }

    private static async Task<string> AddressAsync(ChildProcess cluster)
        => (await cluster.WaitForLineAsync(line => line.StartsWith("Kafka development cluster with 1 brokers: ", StringComparison.Ordinal), "its address")).Split(": ")[1];

    /// <summary>The counts of the first window printed that holds <paramref name="records"/> records.</summary>
    private static async Task<Dictionary<string, int>> WindowOfAsync(ChildProcess wordCount, long records)
    {
        var window = JsonDocument.Parse(await wordCount.WaitForLineAsync(line => line.StartsWith('{') && JsonDocument.Parse(line).RootElement.GetProperty("records").GetInt64() == records, $"a window of all {records} lines")).RootElement;
        return window.GetProperty("top").EnumerateArray().ToDictionary(entry => entry.GetProperty("word").GetString()!, entry => entry.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("local[2]")]
    [InlineData("local-cluster[2,1]")] // the topic-partitions read in two executor processes
    public async Task KcatProducesIntoKafkaDev_AndWordCountCountsEveryLineOnce(string master)
    {
        using var cluster = ChildProcess.Sluice("kafka-dev", "--brokers", "1", "--topic", "lines:2");
        var address = await AddressAsync(cluster);
        await ProduceAsync(address, Enumerable.Range(0, 500).Select(i => $"the quick fox {i % 7}"));

        using var wordCount = ChildProcess.Sluice("wordcount", "--kafka", address, "--topic", "lines", "--batch", "200ms", "--window", "600s", "--json", "--top", "100", "--no-ui", "--master", master);
        var counts = await WindowOfAsync(wordCount, 500);
        Assert.Equal(500, counts["the"]);
        Assert.Equal(Enumerable.Range(0, 500).Count(i => i % 7 == 3), counts["3"]);
    }

    [Fact]
    public async Task WordCountWithACheckpoint_KilledAndRestarted_CountsEveryLineOnce()
    {
        using var cluster = ChildProcess.Sluice("kafka-dev", "--brokers", "1", "--topic", "lines:2");
        var checkpoint = Directory.CreateTempSubdirectory("sluice-kafka-cli-").FullName;
        try
        {
            var address = await AddressAsync(cluster);
            // A short session: the restarted application gets the partitions once Kafka has given up on the killed
            // one, which (as every member that leaves without a goodbye) holds them until its session times out.
            // A window far longer than the test, so that however slow the machine, both runs' records are in it.
            string[] arguments = ["wordcount", "--kafka", address, "--topic", "lines", "--batch", "200ms", "--window", "600s", "--json", "--top", "100", "--checkpoint", checkpoint,
                "--no-ui", "--kafka-config", "session.timeout.ms=3000", "--kafka-config", "heartbeat.interval.ms=500"];
            await ProduceAsync(address, Enumerable.Range(0, 500).Select(_ => "before the kill"));
            using (var first = ChildProcess.Sluice(arguments))
            {
                Assert.Equal(500, (await WindowOfAsync(first, 500))["the"]);
                first.Kill(); // SIGKILL: no graceful stop, no final checkpoint
            }

            await ProduceAsync(address, Enumerable.Range(0, 300).Select(_ => "after the restart"));
            using var second = ChildProcess.Sluice(arguments);

            // The window comes back from the checkpoint, and the offsets go on where the last batch ended.
            var counts = await WindowOfAsync(second, 800);
            Assert.Equal(800, counts["the"]);
            Assert.Equal(500, counts["before"]);
            Assert.Equal(300, counts["after"]);
        }
        finally
        {
            Directory.Delete(checkpoint, recursive: true);
        }
    }

    [Fact]
    public async Task KafkaDev_WarnsOfTheRecordsItsRetentionDrops()
    {
        using var cluster = ChildProcess.Sluice("kafka-dev", "--brokers", "1", "--topic", "lines:1");
        var address = await AddressAsync(cluster);
        var line = new string('x', 100);
        await ProduceAsync(address, Enumerable.Range(0, 80_000).Select(i => $"{i} {line}")); // 8 MB into one partition of about 5 MiB

        var warning = await cluster.WaitForLineAsync(text => text.StartsWith("warning: kafka-dev dropped ", StringComparison.Ordinal), "a warning of dropped records", standardError: true);
        Assert.Matches(@"^warning: kafka-dev dropped \d+ records of topic lines partition 0 \(offsets 0 to \d+\): the development cluster keeps about 5 MiB per partition", warning);
        Assert.EndsWith("Give the topic more partitions (--topic lines:8), or start the consumer before producing", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KafkaDev_StopsOnCtrlC_AndSaysSo()
    {
        using var cluster = ChildProcess.Sluice("kafka-dev", "--brokers", "1");
        await AddressAsync(cluster);
        cluster.Signal("INT");
        await cluster.WaitForLineAsync(line => line == "Kafka development cluster stopped.", "that it stopped");
        Assert.Equal(0, await cluster.WaitForExitAsync());
        Assert.Contains("Stopping the Kafka development cluster...", cluster.Error);
    }
}
