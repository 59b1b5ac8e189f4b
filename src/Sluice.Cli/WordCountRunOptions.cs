using System.CommandLine;
using Sluice.Streams;

namespace Sluice.Cli;

/// <summary>The options every word count command shares: batching, when to stop, what to print, where tasks run.</summary>
internal sealed class WordCountRunOptions
{
    private readonly Option<TimeSpan> _batch = CliOptions.Duration("--batch", "Batch interval", TimeSpan.FromSeconds(1));
    private readonly Option<TimeSpan> _duration = CliOptions.Duration("--duration", "Stop gracefully after this long; runs until Ctrl+C when omitted");
    private readonly Option<int> _batches = CliOptions.Positive("--batches", "Stop gracefully after this many batches; runs until Ctrl+C when omitted", int.MaxValue);
    private readonly Option<int> _top = CliOptions.Positive("--top", "How many words to print per batch", 10);
    private readonly Option<bool> _json = new("--json") { Description = "One JSON object per batch per line instead of Spark's print layout." };
    private readonly Option<string> _master = CliOptions.Master();

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_batch, _duration, _batches, _top, _json, _master])
        {
            command.Options.Add(option);
        }
    }

    public StreamingContext CreateContext(ParseResult parsed, TextWriter output)
        => new(new StreamingContextOptions { Master = parsed.GetRequiredValue(_master), Out = output }, parsed.GetValue(_batch));

    /// <summary>Prints each batch's top words: in Spark's print layout, or as JSON lines.</summary>
    public void AddOutput(ParseResult parsed, DStream<string> lines, TextWriter output)
    {
        var top = parsed.GetValue(_top);
        if (parsed.GetValue(_json))
        {
            lines.ForeachRdd((rdd, time) => WordCountJson.Write(output, rdd, time, top));
        }
        else
        {
            WordCountPipeline.CountsDescending(lines).Print(top);
        }
    }

    public Task<int> RunAsync(ParseResult parsed, StreamingContext context)
        => StreamingRun.RunAsync(context, parsed.GetValue(_duration), parsed.GetValue(_batches));
}
