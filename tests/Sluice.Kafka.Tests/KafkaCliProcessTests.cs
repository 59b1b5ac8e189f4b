using System.Diagnostics;
using System.Text.Json;

namespace Sluice.Kafka.Tests;

/// <summary>
/// The CLI as processes: <c>sluice kafka-dev</c> runs the cluster, kcat (an outside client) produces lines into it,
/// and <c>sluice wordcount --kafka</c> counts them over a window longer than the run.
/// </summary>
[Trait("Category", "Process")]
public sealed class KafkaCliProcessTests
{
    // Each process's standard error, read as it comes (a batch logs a line there; an unread pipe would fill and block it).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, System.Collections.Concurrent.ConcurrentQueue<string>> s_errors = [];

    private static Process Sluice(params string[] args)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll"), .. args])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            },
        };
        var errors = s_errors.GetOrCreateValue(process);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                errors.Enqueue(text);
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> LineAsync(Process process, Func<string, bool> wanted, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? last = null;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (wanted(line))
                {
                    return line;
                }

                last = line;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {what} within 60 s; the last line was {last}. Standard error: {string.Join('\n', s_errors.GetOrCreateValue(process).TakeLast(30))}");
        }

        throw new InvalidOperationException($"The process ended before printing {what}: {string.Join('\n', s_errors.GetOrCreateValue(process))}");
    }

    private static async Task ProduceAsync(string address, IEnumerable<string> lines)
    {
        using var kcat = Process.Start(new ProcessStartInfo("kcat", ["-P", "-b", address, "-t", "lines"]) { RedirectStandardInput = true })!;
        await kcat.StandardInput.WriteAsync(string.Join('\n', lines) + "\n");
        kcat.StandardInput.Close();
        await kcat.WaitForExitAsync();
        Assert.Equal(0, kcat.ExitCode);
    }

    private static async Task<string> AddressAsync(Process cluster)
        => (await LineAsync(cluster, line => line.StartsWith("Kafka development cluster with 1 brokers: ", StringComparison.Ordinal), "its address")).Split(": ")[1];

    /// <summary>The counts of the first window printed that holds <paramref name="records"/> records.</summary>
    private static async Task<Dictionary<string, int>> WindowOfAsync(Process wordCount, long records)
    {
        var window = JsonDocument.Parse(await LineAsync(wordCount, line => line.StartsWith('{') && JsonDocument.Parse(line).RootElement.GetProperty("records").GetInt64() == records, $"a window of all {records} lines")).RootElement;
        return window.GetProperty("top").EnumerateArray().ToDictionary(entry => entry.GetProperty("word").GetString()!, entry => entry.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task KcatProducesIntoKafkaDev_AndWordCountCountsEveryLineOnce()
    {
        using var cluster = Sluice("kafka-dev", "--brokers", "1", "--topic", "lines:2");
        try
        {
            var address = await AddressAsync(cluster);
            await ProduceAsync(address, Enumerable.Range(0, 500).Select(i => $"the quick fox {i % 7}"));

            using var wordCount = Sluice("wordcount", "--kafka", address, "--topic", "lines", "--batch", "200ms", "--window", "600s", "--json", "--top", "100");
            try
            {
                var counts = await WindowOfAsync(wordCount, 500);
                Assert.Equal(500, counts["the"]);
                Assert.Equal(Enumerable.Range(0, 500).Count(i => i % 7 == 3), counts["3"]);
            }
            finally
            {
                wordCount.Kill();
            }
        }
        finally
        {
            cluster.Kill();
        }
    }

    [Fact]
    public async Task WordCountWithACheckpoint_KilledAndRestarted_CountsEveryLineOnce()
    {
        using var cluster = Sluice("kafka-dev", "--brokers", "1", "--topic", "lines:2");
        var checkpoint = Directory.CreateTempSubdirectory("sluice-kafka-cli-").FullName;
        try
        {
            var address = await AddressAsync(cluster);
            // A short session: the restarted application gets the partitions once Kafka has given up on the killed
            // one, which (as every member that leaves without a goodbye) holds them until its session times out.
            // A window far longer than the test, so that however slow the machine, both runs' records are in it.
            string[] arguments = ["wordcount", "--kafka", address, "--topic", "lines", "--batch", "200ms", "--window", "600s", "--json", "--top", "100", "--checkpoint", checkpoint,
                "--kafka-config", "session.timeout.ms=3000", "--kafka-config", "heartbeat.interval.ms=500"];
            await ProduceAsync(address, Enumerable.Range(0, 500).Select(_ => "before the kill"));
            using (var first = Sluice(arguments))
            {
                Assert.Equal(500, (await WindowOfAsync(first, 500))["the"]);
                first.Kill(); // SIGKILL: no graceful stop, no final checkpoint
                await first.WaitForExitAsync();
            }

            await ProduceAsync(address, Enumerable.Range(0, 300).Select(_ => "after the restart"));
            using var second = Sluice(arguments);
            try
            {
                // The window comes back from the checkpoint, and the offsets go on where the last batch ended.
                var counts = await WindowOfAsync(second, 800);
                Assert.Equal(800, counts["the"]);
                Assert.Equal(500, counts["before"]);
                Assert.Equal(300, counts["after"]);
            }
            finally
            {
                second.Kill();
            }
        }
        finally
        {
            cluster.Kill();
            Directory.Delete(checkpoint, recursive: true);
        }
    }

    [Fact]
    public async Task KafkaDev_StopsOnCtrlC_AndSaysSo()
    {
        using var cluster = Sluice("kafka-dev", "--brokers", "1");
        await AddressAsync(cluster);
        using (var interrupt = Process.Start("kill", ["-INT", cluster.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        await LineAsync(cluster, line => line == "Kafka development cluster stopped.", "that it stopped");
        await cluster.WaitForExitAsync();
        Assert.Equal(0, cluster.ExitCode);
    }
}
