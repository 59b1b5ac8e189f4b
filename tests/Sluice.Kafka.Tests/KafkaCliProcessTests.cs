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
        process.Start();
        return process;
    }

    private static async Task<string> LineAsync(Process process, Func<string, bool> wanted, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (wanted(line))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"The process ended before printing {what}: {await process.StandardError.ReadToEndAsync()}");
    }

    [Fact]
    public async Task KcatProducesIntoKafkaDev_AndWordCountCountsEveryLineOnce()
    {
        using var cluster = Sluice("kafka-dev", "--brokers", "1", "--topic", "lines:2");
        try
        {
            var address = (await LineAsync(cluster, line => line.StartsWith("Kafka development cluster with 1 brokers: ", StringComparison.Ordinal), "its address")).Split(": ")[1];
            string[] lines = [.. Enumerable.Range(0, 500).Select(i => $"the quick fox {i % 7}")];
            using (var kcat = Process.Start(new ProcessStartInfo("kcat", ["-P", "-b", address, "-t", "lines"]) { RedirectStandardInput = true })!)
            {
                await kcat.StandardInput.WriteAsync(string.Join('\n', lines) + "\n");
                kcat.StandardInput.Close();
                await kcat.WaitForExitAsync();
                Assert.Equal(0, kcat.ExitCode);
            }

            using var wordCount = Sluice("wordcount", "--kafka", address, "--topic", "lines", "--batch", "200ms", "--window", "60s", "--json", "--top", "100");
            try
            {
                var window = JsonDocument.Parse(await LineAsync(wordCount, line => line.StartsWith('{') && JsonDocument.Parse(line).RootElement.GetProperty("records").GetInt64() == 500, "a window of all 500 lines")).RootElement;
                var counts = window.GetProperty("top").EnumerateArray().ToDictionary(entry => entry.GetProperty("word").GetString()!, entry => entry.GetProperty("count").GetInt32());
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
}
