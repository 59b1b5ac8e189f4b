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
        var run = new WordCountRunOptions();
        var command = new Command("wordcount", "Counts words of text lines from a TCP socket or a directory, batch by batch, and prints the most frequent.")
        {
            host, port, directory,
        };
        run.AddTo(command);
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
            using var context = run.CreateContext(parsed, output, ctx => parsed.GetValue(directory) is { } path
                ? ctx.TextFileStream(path)
                : ctx.SocketTextStream(parsed.GetRequiredValue(host), parsed.GetValue(port)));
            return await run.RunAsync(parsed, context).ConfigureAwait(false);
        });
        return command;
    }
}
