using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice wordcount --host H --port P</c>: Spark Streaming's classic network word count. Feed it with
/// <c>cat some.log | nc -lk 10777</c>.
/// </summary>
internal static class WordCountCommand
{
    public static Command Create(TextWriter output)
    {
        var host = new Option<string>("--host") { Description = "The host of the TCP server sending text lines.", Required = true };
        var port = CliOptions.Positive("--port", "The port of the TCP server sending text lines", defaultValue: null);
        var batch = CliOptions.Duration("--batch", "Batch interval", TimeSpan.FromSeconds(1));
        var top = CliOptions.Positive("--top", "How many words to print per batch", 10);
        var batches = CliOptions.Positive("--batches", "Stop gracefully after this many batches; runs until Ctrl+C when omitted", int.MaxValue);
        var duration = CliOptions.Duration("--duration", "Stop gracefully after this long; runs until Ctrl+C when omitted");
        var json = new Option<bool>("--json") { Description = "One JSON object per batch per line instead of Spark's print layout." };
        var master = CliOptions.Master();
        var command = new Command("wordcount", "Counts words of text lines read from a TCP socket, batch by batch, and prints the most frequent.")
        {
            host, port, batch, top, batches, duration, json, master,
        };

        command.SetAction(async (parsed, _) =>
        {
            var options = new StreamingContextOptions { Master = parsed.GetRequiredValue(master), Out = output };
            using var context = new StreamingContext(options, parsed.GetValue(batch));
            SocketWordCount.Build(context, parsed.GetRequiredValue(host), parsed.GetValue(port), parsed.GetValue(top), parsed.GetValue(json), output);
            return await StreamingRun.RunAsync(context, parsed.GetValue(duration), parsed.GetValue(batches)).ConfigureAwait(false);
        });
        return command;
    }
}
