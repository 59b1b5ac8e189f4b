using System.CommandLine;
using Microsoft.Extensions.Logging;
using Sluice.Cli.Logging;
using Sluice.Streams;
using Sluice.Text;
using Sluice.Web;

namespace Sluice.Cli;

internal sealed partial class RunOptions
{
    /// <summary>
    /// Makes the context for <paramref name="source"/> and runs it until it is stopped. A context that cannot be
    /// made or started (an unreadable checkpoint, an <c>--output</c> database that cannot be reached, arguments the
    /// engine refuses) throws, and <see cref="CliErrors"/> says why.
    /// </summary>
    public async Task<int> CreateAndRunAsync(ParseResult parsed, TextWriter output, WordCountSource source)
    {
        using var loggers = logging.CreateFactory(parsed, parsed.InvocationConfiguration.Error);
        var logger = loggers.CreateLogger("Sluice.Cli");
        using var exporters = telemetry.Start(parsed, "sluice", logger); // disposed after the context: the last batches are sent
        string? temporaryCheckpoint = null;
        try
        {
            using var context = CreateContext(parsed, output, loggers, source, out temporaryCheckpoint);
            if (source.Receives && parsed.GetValue(_checkpoint) is { } checkpoint && !parsed.GetValue(_wal))
            {
                CliLog.ReceivedDataNotLogged(logger, source.Description, checkpoint);
            }

            return await StreamingRun.RunAsync(context, CliOptions.Get(parsed, _duration, TimeSpan.Zero), parsed.GetValue(_batches), source, parsed.InvocationConfiguration.Error).ConfigureAwait(false);
        }
        finally
        {
            if (temporaryCheckpoint is { } directory && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>
    /// Creates the context and its streams. With <c>--checkpoint</c> the context comes from
    /// <see cref="StreamingContext.GetOrCreate(string, Func{StreamingContext}, bool)"/>, so a second run resumes where the first stopped.
    /// </summary>
    private StreamingContext CreateContext(ParseResult parsed, TextWriter output, ILoggerFactory loggers, WordCountSource source, out string? temporaryCheckpoint)
    {
        string? temporary = null;
        StreamingContext Create()
        {
            var context = new StreamingContext(
                new StreamingContextOptions
                {
                    Master = CliOptions.MasterOf(parsed, _master),
                    Out = output,
                    LoggerFactory = loggers,
                    ReceiverWriteAheadLog = parsed.GetValue(_wal),
                    BackpressureEnabled = parsed.GetValue(_backpressure),
                    ReceiverMaxRate = source.Receives ? MaxRateOf(parsed) ?? 0 : 0,
                    StopGracefullyOnShutdown = false, // ShutdownSignal stops it, and says so
                },
                CliOptions.Get(parsed, _batch, _defaultBatch));
            if (parsed.GetValue(_checkpoint) is { } location)
            {
                context.Checkpoint(storage.Open(parsed, location)); // GetOrCreate then uses it
            }
            else if (WindowOf(parsed) is not null)
            {
                temporary = Path.Combine(Path.GetTempPath(), $"sluice-checkpoint-{Environment.ProcessId}-{Guid.NewGuid():N}");
                context.Checkpoint(temporary);
            }

            if (linesOutput is null)
            {
                AddOutput(parsed, source.Text(context), output);
            }
            else
            {
                linesOutput(parsed, source.Create(context), output, parsed.GetValue(_json), !parsed.GetValue(_noUi) && !parsed.GetValue(_json));
            }

            source.AfterOutput?.Invoke();
            return context;
        }

        try
        {
            var checkpoint = parsed.GetValue(_checkpoint);
            var created = checkpoint is null ? Create() : StreamingContext.GetOrCreate(checkpoint, Create, parsed.GetValue(_createOnError));
            if (checkpoint is not null)
            {
                // Whether a run resumed or started afresh decides what it counts: say which, before any batch.
                parsed.InvocationConfiguration.Error.WriteLine(created.RecoveredBatchTime is { } resumed
                    ? $"Resuming from the checkpoint in {checkpoint} at batch {resumed.ToLocalTime():HH:mm:ss.fff}: the batches since then run first."
                    : $"No checkpoint in {checkpoint} yet: starting afresh.");
            }

            if (!parsed.GetValue(_noUi))
            {
                StartUi(created, parsed.GetValue(_uiPort), parsed.InvocationConfiguration.Error);
            }

            temporaryCheckpoint = temporary;
            return created;
        }
        catch
        {
            if (temporary is not null && Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }

            throw;
        }
    }

    /// <summary>Starts the web UI and prints its address on standard error, apart from the results; without a free port the run goes on without it.</summary>
    private static void StartUi(StreamingContext context, int port, TextWriter error)
    {
        try
        {
            error.WriteLine($"Web UI: {SluiceWebUi.Start(context, new WebUiOptions { Port = port }).Address}");
        }
        catch (IOException failure)
        {
            error.WriteLine($"warning: Web UI not started: {failure.Message}");
        }
    }

    /// <summary>
    /// Prints each batch's top words (in Spark's print layout, or as JSON lines), shows them on the UI's dashboard,
    /// and writes all counts to <c>--output</c>. The sorted counts are computed once for all of them (cached).
    /// </summary>
    private void AddOutput(ParseResult parsed, DStream<Utf8Text> lines, TextWriter output)
    {
        var top = parsed.GetValue(_top);
        var window = WindowOf(parsed) is not null;
        var batch = CliOptions.Get(parsed, _batch, _defaultBatch);
        var windowCounts = WindowOf(parsed) is { } length
            ? WordCountPipeline.WindowCounts(lines, length, CliOptions.Get(parsed, _slide, batch))
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
                sorted.ToDashboard($"Top {counted}", top);
            }

            sorted.Print(top);
        }

        if (destination is not null)
        {
            CountsOutput.Add(destination, sorted, window);
        }
    }
}
