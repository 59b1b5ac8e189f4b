using System.CommandLine;
using System.CommandLine.Parsing;
using Sluice.Cli.Logging;

namespace Sluice.Cli;

/// <summary>
/// The options every streaming command shares (batching, when to stop, what to print, where tasks run, what keeps
/// data), with their validation; <c>RunOptions.Run.cs</c> makes and runs the context they describe. By default the
/// lines are counted as words (with <c>--top</c>, <c>--window</c>, <c>--slide</c>, <c>--output</c>); a command may
/// count over a window by default (<paramref name="defaultWindow"/>, as <c>sluice hashtags</c> does) and name what it
/// counts (<paramref name="counted"/>, for the dashboard), or do something else with them (<paramref name="linesOutput"/>,
/// as <c>sluice kmeans</c> does), without the counting options.
/// </summary>
internal sealed partial class RunOptions(
    CliLogging logging, CliStorage storage, CliTelemetry telemetry, TimeSpan? defaultBatch = null, TimeSpan? defaultWindow = null, string counted = "words", LinesOutput? linesOutput = null)
{
    private readonly TimeSpan _defaultBatch = defaultBatch ?? TimeSpan.FromSeconds(1);
    private readonly Option<TimeSpan> _batch = CliOptions.Duration("--batch", "Batch interval", defaultBatch ?? TimeSpan.FromSeconds(1));
    private readonly Option<TimeSpan> _duration = CliOptions.Duration("--duration", "Stop gracefully after this long; runs until Ctrl+C when omitted");
    private readonly Option<int> _batches = CliOptions.Positive("--batches", "Stop gracefully once this many batches have completed (a batch already due then still runs); runs until Ctrl+C when omitted", defaultValue: null);
    private readonly Option<int> _top = CliOptions.Positive("--top", $"How many {counted} to print per batch", 10);
    private readonly Option<bool> _json = new("--json") { Description = "One JSON object per batch per line instead of Spark's print layout." };
    private readonly Option<string> _master = CliOptions.Master();
    private readonly Option<TimeSpan> _window = CliOptions.Duration("--window", defaultWindow is null ? "Count over a sliding window of this length instead of per batch; a multiple of --batch" : "The sliding window counted over; a multiple of --batch", defaultWindow);
    private readonly Option<TimeSpan> _slide = CliOptions.Duration("--slide", "How often the window's counts are printed; a multiple of --batch, the batch interval when omitted");
    private readonly Option<string> _checkpoint = new("--checkpoint")
    {
        Description = "Checkpoint to this directory (or s3://bucket/prefix, with --s3-endpoint for an S3-compatible store) and resume from it: a second run continues where the first stopped. A window without it uses a temporary one, removed at the end.",
    };
    private readonly Option<bool> _createOnError = new("--create-on-error")
    {
        Description = "With --checkpoint: when no checkpoint in the directory can be read (every one damaged), start afresh with a warning instead of failing.",
    };
    private readonly Option<bool> _wal = new("--wal")
    {
        Description = "With --checkpoint and a socket: log every received block to the checkpoint directory before it is acknowledged, so a crash loses no received line.",
    };
    private readonly Option<bool> _backpressure = new("--backpressure")
    {
        Description = "Receive (or read from Kafka) only as fast as batches are processed, by Spark's PID rate estimator.",
    };
    private readonly Option<int> _maxRate = CliOptions.Positive("--max-rate", "The most lines per second a receiver (socket, MQTT, RabbitMQ queue, NATS subjects, Flume) stores, read per Kafka partition, or read from a RabbitMQ stream queue, a JetStream stream or a Kinesis stream", defaultValue: null);
    private readonly Option<int> _uiPort = CliOptions.Positive("--ui-port", "The web UI's first port to try on 127.0.0.1 (the next ones when taken)", 4040, maximum: 65535);
    private readonly Option<bool> _noUi = new("--no-ui") { Description = "Do not start the web UI." };
    private readonly Option<string> _output = new("--output") { Description = CountsOutput.Description };

    /// <summary>The options that apply to sources only some commands have, for their checks.</summary>
    public Option<bool> Wal => _wal;

    public Option<bool> Backpressure => _backpressure;

    public Option<int> MaxRate => _maxRate;

    /// <summary><c>--max-rate</c>, or null when not given.</summary>
    public int? MaxRateOf(ParseResult parsed) => parsed.GetResult(_maxRate) is null ? null : parsed.GetValue(_maxRate);

    public void AddTo(Command command)
    {
        Option[] counting = linesOutput is null ? [_top, _window, _slide, _output] : [];
        foreach (Option option in (Option[])[_batch, _duration, _batches, .. counting, _json, _master, _checkpoint, _createOnError, _wal, _backpressure, _maxRate, _uiPort, _noUi])
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetResult(_output) is not null && CountsOutput.Check(result.GetValue(_output) ?? "") is { } invalid)
            {
                result.AddError(invalid);
            }

            foreach (var needsCheckpoint in (Option[])[_wal, _createOnError])
            {
                if (result.GetResult(needsCheckpoint) is not null && result.GetResult(_checkpoint) is null)
                {
                    result.AddError($"{needsCheckpoint.Name} works with a checkpoint directory: give --checkpoint DIR too.");
                }
            }

            if (linesOutput is null)
            {
                CheckWindow(result);
            }
        });
    }

    /// <summary>The window counted over: <c>--window</c>, or the command's default; <see langword="null"/> to count per batch.</summary>
    private TimeSpan? WindowOf(ParseResult parsed) => linesOutput is not null ? null : parsed.GetResult(_window) is not null ? parsed.GetValue(_window) : defaultWindow;

    private void CheckWindow(CommandResult result)
    {
        if (result.GetResult(_window) is null && defaultWindow is null)
        {
            if (result.GetResult(_slide) is not null)
            {
                result.AddError("--slide applies to a window: give --window too.");
            }

            return;
        }

        // A value that failed to parse has its error already, and reading it would throw.
        if (!TryGet(result, _batch, _defaultBatch, out var batch) || !TryGet(result, _window, defaultWindow ?? batch, out var window) || !TryGet(result, _slide, batch, out var slide))
        {
            return;
        }

        foreach (var (name, value) in (ReadOnlySpan<(string, TimeSpan)>)[("--window", window), ("--slide", slide)])
        {
            if (value.Ticks % batch.Ticks != 0)
            {
                result.AddError($"{name} ({DurationParser.Format(value)}) must be a multiple of --batch ({DurationParser.Format(batch)}).");
            }
        }
    }

    private static bool TryGet(CommandResult result, Option<TimeSpan> option, TimeSpan defaultValue, out TimeSpan value)
    {
        value = defaultValue;
        if (result.GetResult(option) is not { } given)
        {
            return true;
        }

        if (given.Errors.Any())
        {
            return false;
        }

        value = result.GetValue(option);
        return true;
    }
}
