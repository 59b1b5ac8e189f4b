using System.Diagnostics;
using System.Text.RegularExpressions;
using Sluice.Cli;

namespace Sluice.Tests.Cli;

/// <summary>The demo command runs on the real clock, so these tests are slow by nature and carry the Process trait.</summary>
[Trait("Category", "Process")]
public partial class DemoCommandTests
{
    private static readonly string s_logPath = Path.Combine(AppContext.BaseDirectory, "data", "dpkg.log");

    [Theory]
    [InlineData("demo", "--batch", "10x")]
    [InlineData("demo", "--batch", "0s")]
    [InlineData("demo", "--top", "-3")]
    [InlineData("demo", "--no-such-option")]
    [InlineData("no-such-command")]
    public async Task UsageError_ExitsWithCode2AndSaysWhy(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(SluiceCommandLine.UsageError, await SluiceCommandLine.RunAsync(args, output, error));
        Assert.Contains("sluice --help", error.ToString());
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Demo_MissingFile_FailsWithClearMessage()
    {
        var error = new StringWriter();
        Assert.Equal(1, await SluiceCommandLine.RunAsync(["demo", "--file", "/no/such/file.log"], new StringWriter(), error));
        Assert.Contains("/no/such/file.log", error.ToString());
        Assert.Contains("does not exist", error.ToString());
    }

    [Fact]
    public async Task Demo_PrintsTopWordsPerBatch_EqualToCountsComputedFromTheFile()
    {
        var output = new StringWriter();
        var code = await SluiceCommandLine.RunAsync(["demo", "--batch", "200ms", "--batches", "3", "--lines-per-batch", "300", "--master", "local[2]"], output, new StringWriter());
        Assert.Equal(0, code);

        // A graceful stop after the third batch also finishes any batch already cut by then (a late timer cuts
        // several at once), so there are at least three, each checked below.
        var batches = ParseBatches(output.ToString());
        Assert.True(batches.Count >= 3, output.ToString());
        var lines = File.ReadAllLines(s_logPath);
        for (var i = 0; i < batches.Count; i++)
        {
            // The feed cycles through the file, 300 lines per batch.
            var chunk = Enumerable.Range(i * 300, 300).Select(n => lines[n % lines.Length]);
            var counts = chunk.SelectMany(line => line.Split(' ')).Where(word => word.Length > 0).GroupBy(word => word).ToDictionary(g => g.Key, g => g.Count());
            var top = batches[i];
            Assert.Equal(10, top.Count);
            Assert.Equal(counts.Values.OrderDescending().Take(10), top.Select(pair => pair.Count));
            Assert.All(top, pair => Assert.Equal(counts[pair.Word], pair.Count));
        }
    }

    [Fact]
    public async Task Demo_AsProcess_StopsGracefullyOnSigterm()
    {
        var cliDll = Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll");
        var start = new ProcessStartInfo("dotnet", [cliDll, "demo", "--batch", "200ms"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var firstBatch = new TaskCompletionSource();
        var stdout = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("Time: ", StringComparison.Ordinal) == true)
            {
                firstBatch.TrySetResult();
            }
        };
        var stderr = process.StandardError.ReadToEndAsync();
        process.BeginOutputReadLine();
        try
        {
            await firstBatch.Task.WaitAsync(TimeSpan.FromSeconds(30));
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("Stopping gracefully", await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static List<List<(int Count, string Word)>> ParseBatches(string text)
        => [.. text.ReplaceLineEndings("\n").Split("-------------------------------------------\nTime: ").Skip(1).Select(block =>
            block.Split('\n').Skip(2).Select(line => PairLine().Match(line)).Where(match => match.Success)
                .Select(match => (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value)).ToList())];

    [GeneratedRegex(@"^\((\d+),(.*)\)$")]
    private static partial Regex PairLine();
}
