using System.CommandLine;
using Sluice.ML;
using Sluice.Social;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice demo</c>: the classic socket word count against a real log file shipped with Sluice, served over TCP
/// on 127.0.0.1 from inside the process at a fixed line rate (as <c>cat log | nc -lk 10777</c> would), printing the
/// top words of every batch until Ctrl+C, <c>--duration</c> or <c>--batches</c>. <c>sluice demo hashtags</c> is the
/// article's top hashtags instead, over generated posts served by a built-in Mastodon streaming server;
/// <c>sluice demo kmeans</c> is streaming k-means following clusters that drift.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output, Logging.CliLogging logging, CliStorage storage, CliTelemetry telemetry)
    {
        var rate = CliOptions.Positive("--rate", "Lines per second the built-in server sends", 2000);
        var file = new Option<FileInfo>("--file") { Description = "The text file to serve; the bundled dpkg log by default." };
        var run = new RunOptions(logging, storage, telemetry);
        var command = new Command("demo", "Socket word count of Spark Streaming's classic example against a bundled log served over TCP.")
        {
            rate, file,
        };
        run.AddTo(command);
        command.Subcommands.Add(Hashtags(output, logging, storage, telemetry));
        command.Subcommands.Add(KMeans(output, logging, storage, telemetry));

        command.SetAction(async (parsed, _) =>
        {
            var path = parsed.GetValue(file)?.FullName ?? Path.Combine(AppContext.BaseDirectory, "data", "dpkg.log");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Input file '{path}' does not exist. Pass an existing text file with --file.", path);
            }

            var lines = await File.ReadAllLinesAsync(path, CancellationToken.None).ConfigureAwait(false);
            var server = new LogServer(lines, parsed.GetValue(rate));
            await using var serverScope = server.ConfigureAwait(false);
            await parsed.InvocationConfiguration.Error.WriteLineAsync(
                $"Serving {path} ({lines.Length} lines) on 127.0.0.1:{server.Port} at {parsed.GetValue(rate)} lines/s; counting words. Ctrl+C stops.").ConfigureAwait(false);
            var source = WordCountSource.Socket($"the built-in server on 127.0.0.1:{server.Port}", "127.0.0.1", server.Port);
            return await run.CreateAndRunAsync(parsed, output, source).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Hashtags(TextWriter output, Logging.CliLogging logging, CliStorage storage, CliTelemetry telemetry)
    {
        var rate = CliOptions.Positive("--rate", "Posts per second the built-in Mastodon server sends", 200);
        var run = HashtagsCommand.HashtagRunOptions(logging, storage, telemetry);
        var command = new Command("hashtags", "The article's top hashtags over a window, from generated posts that a built-in Mastodon streaming server sends.")
        {
            rate,
        };
        run.AddTo(command);
        command.SetAction(async (parsed, _) =>
        {
            var server = await SocialDemoServer.StartAsync(parsed.GetValue(rate)).ConfigureAwait(false);
            await using var serverScope = server.ConfigureAwait(false);
            await parsed.InvocationConfiguration.Error.WriteLineAsync(
                $"Serving generated posts as Mastodon's streaming API on {server.Url} at {parsed.GetValue(rate)} posts/s; counting hashtags. Ctrl+C stops.").ConfigureAwait(false);
            var options = new MastodonStreamOptions { ServerUrl = server.Url };
            var source = new WordCountSource($"the built-in Mastodon server on {server.Url}", Receives: true, ctx => MastodonUtils.CreateStream(ctx, options).Map(HashtagLines.Of));
            return await run.CreateAndRunAsync(parsed, output, source).ConfigureAwait(false);
        });
        return command;
    }

    private static Command KMeans(TextWriter output, Logging.CliLogging logging, CliStorage storage, CliTelemetry telemetry)
    {
        var rate = CliOptions.Positive("--rate", "Points per second the built-in server sends", 1000);
        var k = CliOptions.Positive("--k", "How many clusters drift", 3, maximum: 20);
        var run = new RunOptions(logging, storage, telemetry, linesOutput: (parsed, lines, writer, json, dashboard) =>
        {
            var kmeans = Learning.DriftingClusters.RoughKMeans(parsed.GetValue(k));
            KMeansCommand.Train(kmeans, lines, 2, new Learning.ModelReport(lines.Context, writer, json, dashboard), parsed.InvocationConfiguration.Error);
        });
        var command = new Command("kmeans", "Streaming k-means following clusters that drift: points around centers moving on circles, served over TCP from inside the process.")
        {
            rate, k,
        };
        run.AddTo(command);
        command.SetAction(async (parsed, _) =>
        {
            var clusters = new Learning.DriftingClusters(parsed.GetValue(k));
            var server = new LogServer(clusters.Line, parsed.GetValue(rate));
            await using var serverScope = server.ConfigureAwait(false);
            await parsed.InvocationConfiguration.Error.WriteLineAsync(
                $"Serving points around {parsed.GetValue(k)} centers that turn on circles once a minute, on 127.0.0.1:{server.Port} at {parsed.GetValue(rate)} points/s; streaming k-means with a half-life of 3 batches, from rough centers, follows them. Ctrl+C stops.").ConfigureAwait(false);
            var source = WordCountSource.Socket($"the built-in server on 127.0.0.1:{server.Port}", "127.0.0.1", server.Port);
            return await run.CreateAndRunAsync(parsed, output, source).ConfigureAwait(false);
        });
        return command;
    }
}
