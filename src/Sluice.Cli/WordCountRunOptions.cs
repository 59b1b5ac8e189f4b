using System.CommandLine;
using Sluice.Streams;
using Sluice.Web;

namespace Sluice.Cli;

/// <summary>The options every word count command shares: batching, when to stop, what to print, where tasks run.</summary>
internal sealed class WordCountRunOptions
{
    private static readonly TimeSpan DefaultBatch = TimeSpan.FromSeconds(1);
    private readonly Option<TimeSpan> _batch = CliOptions.Duration("--batch", "Batch interval", DefaultBatch);
    private readonly Option<TimeSpan> _duration = CliOptions.Duration("--duration", "Stop gracefully after this long; runs until Ctrl+C when omitted");
    private readonly Option<int> _batches = CliOptions.Positive("--batches", "Stop gracefully after this many batches; runs until Ctrl+C when omitted", int.MaxValue);
    private readonly Option<int> _top = CliOptions.Positive("--top", "How many words to print per batch", 10);
    private readonly Option<bool> _json = new("--json") { Description = "One JSON object per batch per line instead of Spark's print layout." };
    private readonly Option<string> _master = CliOptions.Master();
    private readonly Option<TimeSpan> _window = CliOptions.Duration("--window", "Count over a sliding window of this length instead of per batch; a multiple of --batch");
    private readonly Option<TimeSpan> _slide = CliOptions.Duration("--slide", "How often the window's counts are printed; a multiple of --batch, the batch interval when omitted");
    private readonly Option<string> _checkpoint = new("--checkpoint")
    {
        Description = "Checkpoint to this directory and resume from it: a second run continues where the first stopped. A window without it uses a temporary one, removed at the end.",
    };
    private readonly Option<int> _uiPort = CliOptions.Positive("--ui-port", "The web UI's first port to try on 127.0.0.1 (the next ones when taken)", 4040);
    private readonly Option<bool> _noUi = new("--no-ui") { Description = "Do not start the web UI." };
    private readonly Option<string> _output = new("--output") { Description = CountsOutput.Description };
    private string? _temporaryCheckpoint;

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_batch, _duration, _batches, _top, _json, _master, _window, _slide, _checkpoint, _uiPort, _noUi, _output])
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetResult(_output) is not null && CountsOutput.Check(result.GetValue(_output) ?? "") is { } invalid)
            {
                result.AddError(invalid);
            }

            if (result.GetResult(_window) is null)
            {
                if (result.GetResult(_slide) is not null)
                {
                    result.AddError("--slide applies to a window: give --window too.");
                }

                return;
            }

            // A value that failed to parse has its error already, and reading it would throw.
            if (!TryGet(result, _batch, out var batch) || !TryGet(result, _window, out var window) || !TryGet(result, _slide, out var slide))
            {
                return;
            }

            // A validator sees no default values: an option not given reads as zero.
            batch = batch == TimeSpan.Zero ? DefaultBatch : batch;
            foreach (var (name, value) in (ReadOnlySpan<(string, TimeSpan)>)[("--window", window), ("--slide", slide)])
            {
                if (value.Ticks % batch.Ticks != 0)
                {
                    result.AddError($"{name} ({value}) must be a multiple of --batch ({batch}).");
                }
            }
        });
    }

    private static bool TryGet(System.CommandLine.Parsing.CommandResult result, Option<TimeSpan> option, out TimeSpan value)
    {
        value = default;
        if (result.GetResult(option)?.Errors.Any() == true)
        {
            return false;
        }

        value = result.GetValue(option);
        return true;
    }

    /// <summary>
    /// Creates the context and its streams (<paramref name="lines"/> makes the input, then the output is added).
    /// With <c>--checkpoint</c> the context comes from <see cref="StreamingContext.GetOrCreate"/>, so a second run
    /// resumes where the first stopped.
    /// </summary>
    /// <param name="parsed">The command line.</param>
    /// <param name="output">Where results are printed.</param>
    /// <param name="lines">The source of text lines.</param>
    /// <param name="afterOutput">Adds output operations that must run after the printing (a Kafka offset commit).</param>
    public StreamingContext CreateContext(ParseResult parsed, TextWriter output, Func<StreamingContext, DStream<string>> lines, Action? afterOutput = null)
    {
        StreamingContext Create()
        {
            var context = new StreamingContext(new StreamingContextOptions { Master = parsed.GetRequiredValue(_master), Out = output }, parsed.GetValue(_batch));
            if (parsed.GetResult(_window) is not null && parsed.GetValue(_checkpoint) is null)
            {
                _temporaryCheckpoint = Path.Combine(Path.GetTempPath(), $"sluice-checkpoint-{Environment.ProcessId}-{Guid.NewGuid():N}");
                context.Checkpoint(_temporaryCheckpoint);
            }

            AddOutput(parsed, lines(context), output);
            afterOutput?.Invoke();
            return context;
        }

        var created = parsed.GetValue(_checkpoint) is { } directory ? StreamingContext.GetOrCreate(directory, Create) : Create();
        if (!parsed.GetValue(_noUi))
        {
            StartUi(created, parsed.GetValue(_uiPort));
        }

        return created;
    }

    /// <summary>Starts the web UI and prints its address on standard error, apart from the results; without a free port the run goes on without it.</summary>
    private static void StartUi(StreamingContext context, int port)
    {
        try
        {
            Console.Error.WriteLine($"Web UI: {SluiceWebUi.Start(context, new WebUiOptions { Port = port }).Address}");
        }
        catch (IOException error)
        {
            Console.Error.WriteLine($"Web UI not started: {error.Message}");
        }
    }

    /// <summary>
    /// Prints each batch's top words (in Spark's print layout, or as JSON lines), shows them on the UI's dashboard,
    /// and writes all counts to <c>--output</c>. The sorted counts are computed once for all of them (cached).
    /// </summary>
    private void AddOutput(ParseResult parsed, DStream<string> lines, TextWriter output)
    {
        var top = parsed.GetValue(_top);
        var window = parsed.GetResult(_window) is not null;
        var windowCounts = window
            ? WordCountPipeline.WindowCounts(lines, parsed.GetValue(_window), parsed.GetResult(_slide) is null ? parsed.GetValue(_batch) : parsed.GetValue(_slide))
            : null;
        var sorted = windowCounts?.Transform(WordCountPipeline.Descending) ?? WordCountPipeline.CountsDescending(lines);
        var json = parsed.GetValue(_json);
        var dashboard = !parsed.GetValue(_noUi) && !json;
        var destination = parsed.GetValue(_output);
        if (dashboard || (destination is not null && !json))
        {
            sorted = sorted.Cache();
        }

        if (json)
        {
            // The JSON line also counts the lines, which the sorted counts leave out.
            if (windowCounts is not null)
            {
                windowCounts.ForeachRdd((rdd, time) => WordCountJson.WriteWindow(output, rdd, time, top));
            }
            else
            {
                lines.ForeachRdd((rdd, time) => WordCountJson.Write(output, rdd, time, top));
            }
        }
        else
        {
            if (dashboard)
            {
                sorted.ToDashboard("Top words", top);
            }

            sorted.Print(top);
        }

        if (destination is not null)
        {
            CountsOutput.Add(destination, sorted, window);
        }
    }

    /// <summary>Creates the context with <paramref name="create"/> and runs it; a context that cannot be made (an <c>--output</c> database that cannot be reached) ends the command with its message and exit code 1.</summary>
    public async Task<int> CreateAndRunAsync(ParseResult parsed, Func<StreamingContext> create)
    {
        StreamingContext context;
        try
        {
            context = create();
        }
        catch (IOException error)
        {
            await parsed.InvocationConfiguration.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            return 1;
        }

        using (context)
        {
            return await RunAsync(parsed, context).ConfigureAwait(false);
        }
    }

    private async Task<int> RunAsync(ParseResult parsed, StreamingContext context)
    {
        try
        {
            return await StreamingRun.RunAsync(context, parsed.GetValue(_duration), parsed.GetValue(_batches)).ConfigureAwait(false);
        }
        finally
        {
            if (_temporaryCheckpoint is { } directory && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
