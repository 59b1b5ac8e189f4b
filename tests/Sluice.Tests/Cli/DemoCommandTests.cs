using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Cli;
using Sluice.TestSupport;

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
    public async Task UsageError_AsProcess_ExitsWithCode2()
    {
        using var cli = ChildProcess.Sluice("wordcount", "--host", "127.0.0.1");
        Assert.Equal(2, await cli.WaitForExitAsync());
        Assert.Contains(cli.Error, line => line.Contains("--host and --port", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DemoHashtags_RanksTheHashtagsOfGeneratedPosts_ReadFromItsMastodonServer()
    {
        using var cli = ChildProcess.Sluice("demo", "hashtags", "--batch", "200ms", "--window", "2s", "--json", "--master", "local[2]", "--no-ui");

        var window = await cli.WaitForLineAsync(line => line.StartsWith('{') && JsonDocument.Parse(line).RootElement.GetProperty("records").GetInt32() >= 100, "a window of 100 posts");

        var top = JsonDocument.Parse(window).RootElement.GetProperty("top").EnumerateArray().Select(entry => entry.GetProperty("word").GetString()).ToList();
        Assert.Equal(10, top.Count);
        Assert.All(top, tag => Assert.StartsWith("#", tag));
        Assert.Contains("#dotnet", top);
        Assert.Contains(cli.Error, line => line.Contains("Serving generated posts as Mastodon's streaming API on http://127.0.0.1:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DemoKMeans_FollowsTheDriftingClusters_ReadFromItsServer()
    {
        using var cli = ChildProcess.Sluice("demo", "kmeans", "--batch", "200ms", "--json", "--master", "local[2]", "--no-ui");

        // Fitted, each point is about 0.5 from its center (cost ~0.5 a point); a center on two clusters costs ~25 a point.
        var fitted = await cli.WaitForLineAsync(line => line.StartsWith('{') && JsonDocument.Parse(line).RootElement is var batch
            && batch.GetProperty("points").GetInt64() >= 50 && batch.GetProperty("cost").GetDouble() / batch.GetProperty("points").GetInt64() < 2, "a batch the centers fit");

        var centers = JsonDocument.Parse(fitted).RootElement.GetProperty("centers");
        Assert.Equal(3, centers.GetArrayLength());
        Assert.All(centers.EnumerateArray(), center => Assert.InRange(Math.Sqrt(center.EnumerateArray().Sum(value => value.GetDouble() * value.GetDouble())), 6, 14));
        Assert.Contains(cli.Error, line => line.Contains("Serving points around 3 centers that turn on circles once a minute", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Demo_WithOutput_WritesEveryBatchsCountsToSqlite_AndToADirectory()
    {
        var root = Directory.CreateTempSubdirectory("sluice-cli-output-").FullName;
        try
        {
            var database = Path.Combine(root, "counts.db");
            Assert.Equal(0, await SluiceCommandLine.RunAsync(["demo", "--batch", "200ms", "--batches", "3", "--no-ui", "--output", $"sqlite:{database}", "--master", "local[2]"], new StringWriter(), new StringWriter()));
            Assert.Equal(0, await SluiceCommandLine.RunAsync(["demo", "--batch", "200ms", "--batches", "2", "--no-ui", "--output", $"dir:{Path.Combine(root, "out")}", "--master", "local[2]"], new StringWriter(), new StringWriter()));

            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
            {
                connection.Open();
                using var query = connection.CreateCommand();
                query.CommandText = "SELECT (SELECT COUNT(*) FROM sluice_batches WHERE sink = 'word_counts'), (SELECT COUNT(DISTINCT batch_time) FROM word_counts), (SELECT SUM(count) FROM word_counts WHERE word = 'status')";
                using var reader = query.ExecuteReader();
                Assert.True(reader.Read());
                Assert.True(reader.GetInt64(0) >= 3); // every batch recorded, those with words and those without
                Assert.InRange(reader.GetInt64(1), 1, reader.GetInt64(0));
                Assert.True(reader.GetInt64(2) > 0);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var batches = Directory.GetDirectories(Path.Combine(root, "out"), "counts-*.txt");
            Assert.True(batches.Length >= 2);
            Assert.All(batches, batch => Assert.True(File.Exists(Path.Combine(batch, "_SUCCESS"))));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Output_ToADatabaseThatCannotBeReached_EndsWithAClearMessage()
    {
        var error = new StringWriter();
        var port = Loopback.FreePort(); // nothing listens there
        Assert.Equal(1, await SluiceCommandLine.RunAsync(["demo", "--no-ui", "--output", $"postgres:Host=127.0.0.1;Port={port};Username=postgres;Timeout=3"], new StringWriter(), error));
        Assert.Contains("--output: cannot open the database or create its table:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Check the path or connection string, and that the server is up.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_WithAnUnknownScheme_IsAUsageError()
    {
        var error = new StringWriter();
        Assert.Equal(SluiceCommandLine.UsageError, await SluiceCommandLine.RunAsync(["demo", "--output", "mysql:x"], new StringWriter(), error));
        Assert.Contains("--output mysql:x: expected sqlite:PATH, postgres:CONNSTRING or dir:PATH.", error.ToString(), StringComparison.Ordinal);
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
    public async Task Demo_OverItsOwnSocket_TopWordsOfEveryBatchMatchTheLinesItReceived()
    {
        var output = new StringWriter();
        var code = await SluiceCommandLine.RunAsync(["demo", "--batch", "200ms", "--batches", "3", "--json", "--top", "5", "--master", "local[2]"], output, new StringWriter());
        Assert.Equal(0, code);
        var batches = JsonBatches.AssertMatchFile(output.ToString(), File.ReadAllLines(s_logPath), top: 5);
        Assert.True(batches >= 3, output.ToString());
    }

    [Fact]
    public async Task Demo_TextOutput_FollowsSparksPrintLayoutSortedByCount()
    {
        var output = new StringWriter();
        Assert.Equal(0, await SluiceCommandLine.RunAsync(["demo", "--batch", "200ms", "--batches", "2", "--master", "local[2]"], output, new StringWriter()));
        var vocabulary = File.ReadLines(s_logPath).SelectMany(line => line.Split(' ')).ToHashSet();
        var batches = ParseBatches(output.ToString());
        Assert.True(batches.Count >= 2, output.ToString());
        Assert.All(batches, batch =>
        {
            Assert.Equal(batch.Select(pair => pair.Count).OrderDescending(), batch.Select(pair => pair.Count));
            Assert.All(batch, pair => Assert.Contains(pair.Word, vocabulary));
        });
    }

    [Fact]
    public async Task WordCount_AsProcessAgainstNetcat_JsonTopWordsMatchTheFile()
    {
        var port = Loopback.FreePort();
        using var nc = ChildProcess.Start("bash", ["-c", $"exec nc -N -l 127.0.0.1 {port} < '{s_logPath}'"]);
        await Loopback.WaitUntilListening(port);
        using var cli = ChildProcess.Sluice("wordcount", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch", "300ms", "--batches", "4", "--json", "--master", "local[2]");
        Assert.True(await cli.WaitForExitAsync() == 0, cli.Describe());

        var lines = File.ReadAllLines(s_logPath);
        var output = string.Join('\n', cli.Output);
        Assert.True(JsonBatches.AssertMatchFile(output, lines, top: 10) >= 4, output);
        var received = cli.Output.Where(line => line.StartsWith('{')).Sum(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("records").GetInt64());
        Assert.InRange(received, 0, lines.Length);

        // Redirected, the console gets the UI's address and a plain line per batch on standard error.
        var errors = string.Join('\n', cli.Error);
        Assert.Contains("Web UI: http://127.0.0.1:", errors, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.Matches(errors, "^batch [0-9:.]+: [0-9,]+ records, scheduling delay [0-9,]+ ms", System.Text.RegularExpressions.RegexOptions.Multiline).Count >= 4, errors);
    }

    [Fact]
    public async Task WordCount_OverADirectory_CountsTheFilesRenamedIntoIt()
    {
        var root = Path.Combine(Path.GetTempPath(), $"sluice-cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "in"));
        try
        {
            var output = new FirstLineSignal();
            var run = SluiceCommandLine.RunAsync(["wordcount", "--dir", Path.Combine(root, "in"), "--batch", "200ms", "--batches", "4", "--json", "--master", "local[1]"], output, new StringWriter());

            // Only files that arrive after the start count (newFilesOnly), so write once the first batch is out.
            await output.FirstLine.WaitAsync(TimeSpan.FromSeconds(30));
            File.WriteAllLines(Path.Combine(root, "staged"), ["b a b", "c b"]);
            File.Move(Path.Combine(root, "staged"), Path.Combine(root, "in", "words.txt"));
            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(60)));

            var text = output.ToString();
            Assert.True(JsonBatches.AssertMatchFile(text, ["b a b", "c b"], top: 10) >= 4, text);
            Assert.Single(text.Split('\n'), line => line.Contains("\"records\":2", StringComparison.Ordinal));
            Assert.Contains("{\"word\":\"b\",\"count\":3}", text);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task WordCount_WithAWindowLongerThanTheRun_LastWindowCountsEveryLineReceived()
    {
        string[] lines = ["to be or not to be", "that is the question", "to be"];
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, lines);
        var port = Loopback.FreePort();
        using var nc = ChildProcess.Start("bash", ["-c", $"exec nc -N -l 127.0.0.1 {port} < '{file}'"]);
        try
        {
            await Loopback.WaitUntilListening(port);
            var output = new StringWriter();
            var exit = await SluiceCommandLine.RunAsync(
                ["wordcount", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch", "200ms", "--window", "60s", "--batches", "15", "--json", "--master", "local[2]"],
                output,
                new StringWriter()).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, exit);

            var windows = output.ToString().Split('\n').Where(line => line.StartsWith('{')).Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement).ToList();
            Assert.True(windows.Count >= 15, output.ToString()); // a batch already due when the stop begins still runs, as in the other --batches tests
            var records = windows.Select(window => window.GetProperty("records").GetInt64()).ToList();
            Assert.Equal(records.Order(), records); // a window longer than the run only grows
            Assert.Equal(lines.Length, records[^1]);
            var top = windows[^1].GetProperty("top").EnumerateArray().Select(word => (word.GetProperty("word").GetString(), word.GetProperty("count").GetInt32())).ToList();
            Assert.Equal([("to", 3), ("be", 3)], top.Take(2).OrderBy(pair => pair.Item1, StringComparer.Ordinal).Reverse());
            Assert.Equal(8, top.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Output that signals when the first line is written.</summary>
    private sealed class FirstLineSignal : StringWriter
    {
        private readonly TaskCompletionSource _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstLine => _firstLine.Task;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            _firstLine.TrySetResult();
        }
    }

    [Theory]
    [InlineData("wordcount", "--port", "5")]
    [InlineData("wordcount", "--host", "127.0.0.1")]
    [InlineData("wordcount", "--host", "127.0.0.1", "--port", "x")]
    [InlineData("wordcount")]
    [InlineData("wordcount", "--dir", "/tmp", "--port", "5")]
    [InlineData("demo", "--rate", "fast")]
    [InlineData("demo", "--batches", "0")]
    [InlineData("wordcount", "--dir", "/tmp", "--batch", "200ms", "--window", "500ms")]
    [InlineData("wordcount", "--dir", "/tmp", "--window", "4s", "--slide", "1500ms")]
    [InlineData("wordcount", "--dir", "/tmp", "--slide", "2s")]
    public async Task WordCount_UsageError_ExitsWithCode2(params string[] args)
        => Assert.Equal(SluiceCommandLine.UsageError, await SluiceCommandLine.RunAsync(args, new StringWriter(), new StringWriter()));

    [Fact]
    public async Task Demo_AsProcess_StopsGracefullyOnSigterm()
    {
        using var demo = ChildProcess.Sluice("demo", "--batch", "200ms");
        await demo.WaitForLineAsync(line => line.StartsWith("Time: ", StringComparison.Ordinal), "the first batch");
        demo.Signal("TERM");
        Assert.Equal(0, await demo.WaitForExitAsync());
        Assert.Contains(demo.Error, line => line.Contains("Stopping gracefully", StringComparison.Ordinal));
    }

    private static List<List<(int Count, string Word)>> ParseBatches(string text)
        => [.. text.ReplaceLineEndings("\n").Split("-------------------------------------------\nTime: ").Skip(1).Select(block =>
            block.Split('\n').Skip(2).Select(line => PairLine().Match(line)).Where(match => match.Success)
                .Select(match => (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value)).ToList())];

    [GeneratedRegex(@"^\((\d+),(.*)\)$")]
    private static partial Regex PairLine();
}
