using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice wordcount --host H --port P</c>: Spark Streaming's classic network word count (feed it with
/// <c>cat some.log | nc -lk 10777</c>), or <c>--dir D</c> for the new text files of a directory.
/// </summary>
internal static class WordCountCommand
{
    public static Command Create(TextWriter output)
    {
        var host = new Option<string>("--host") { Description = "The host of the TCP server sending text lines." };
        var port = CliOptions.Positive("--port", "The port of the TCP server sending text lines", defaultValue: null);
        port.Required = false;
        var directory = new Option<string>("--dir") { Description = "Instead of a socket: a directory whose new text files are counted (files renamed into it)." };
        var batch = CliOptions.Duration("--batch", "Batch interval", TimeSpan.FromSeconds(1));
        var top = CliOptions.Positive("--top", "How many words to print per batch", 10);
        var batches = CliOptions.Positive("--batches", "Stop gracefully after this many batches; runs until Ctrl+C when omitted", int.MaxValue);
        var duration = CliOptions.Duration("--duration", "Stop gracefully after this long; runs until Ctrl+C when omitted");
        var json = new Option<bool>("--json") { Description = "One JSON object per batch per line instead of Spark's print layout." };
        var master = CliOptions.Master();
        var command = new Command("wordcount", "Counts words of text lines from a TCP socket or a directory, batch by batch, and prints the most frequent.")
        {
            host, port, directory, batch, top, batches, duration, json, master,
        };
        command.Validators.Add(result =>
        {
            var socket = result.GetResult(host) is not null || result.GetResult(port) is not null;
            var files = result.GetResult(directory) is not null;
            if (socket == files || (socket && (result.GetResult(host) is null || result.GetResult(port) is null)))
            {
                result.AddError("Give either --host and --port (a TCP server sending lines, e.g. `nc -lk 10777`) or --dir (a directory of text files).");
            }
        });

        command.SetAction(async (parsed, _) =>
        {
            var options = new StreamingContextOptions { Master = parsed.GetRequiredValue(master), Out = output };
            using var context = new StreamingContext(options, parsed.GetValue(batch));
            var lines = parsed.GetValue(directory) is { } path
                ? context.TextFileStream(path)
                : context.SocketTextStream(parsed.GetRequiredValue(host), parsed.GetValue(port));
            WordCountOutput.Build(lines, parsed.GetValue(top), parsed.GetValue(json), output);
            return await StreamingRun.RunAsync(context, parsed.GetValue(duration), parsed.GetValue(batches)).ConfigureAwait(false);
        });
        return command;
    }
}
