using System.CommandLine;
using Sluice.Cli.Commands;
using Sluice.Cli.Logging;

namespace Sluice.Cli;

/// <summary>The <c>sluice</c> command line: parses arguments and runs the chosen command.</summary>
internal static class SluiceCommandLine
{
    /// <summary>The exit code of a usage error (unknown command, missing or invalid argument).</summary>
    public const int UsageError = 2;

    /// <summary>The exit code of a command that ran and failed (an unreadable checkpoint, a database that cannot be reached).</summary>
    public const int RunFailed = 1;

    /// <summary>The line after every usage error.</summary>
    public const string UsageHint = "Run 'sluice --help' for usage.";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        // In a terminal, results share the screen with a live status line; redirected, batches are logged as lines.
        if (ReferenceEquals(output, Console.Out) && ConsoleStatusLine.IsTerminal)
        {
            output = new ConsoleStatusLine(output, error);
        }

        var logging = new CliLogging();
        var storage = new CliStorage();
        var telemetry = new CliTelemetry();
        var root = CreateRoot(output, logging, storage, telemetry);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Unlike the original socket example, which printed its usage and carried on, a usage error stops here.
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync(UsageHint).ConfigureAwait(false);
            return UsageError;
        }

        try
        {
            // Signals are handled by ShutdownSignal (graceful first, immediate second), not by System.CommandLine's
            // timeout; errors by Report, in a line and not a stack.
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                ProcessTerminationTimeout = null,
                EnableDefaultExceptionHandler = false,
            }).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            return await CliErrors.ReportAsync(failure, error, logging.Debug(parsed)).ConfigureAwait(false);
        }
    }

    /// <summary>The commands, under a root named <c>sluice</c> whatever the executable is called (<c>dotnet Sluice.Cli.dll</c> in a checkout).</summary>
    private static Command CreateRoot(TextWriter output, CliLogging logging, CliStorage storage, CliTelemetry telemetry)
    {
        var root = new Command("sluice", "Sluice: micro-batch stream processing for .NET, on the model of Spark Streaming.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
            DemoCommand.Create(output, logging, storage, telemetry),
            WordCountCommand.Create(output, logging, storage, telemetry),
            HashtagsCommand.Create(output, logging, storage, telemetry),
            KMeansCommand.Create(output, logging, storage, telemetry),
            RegressionCommand.Create(output, logging, storage, telemetry),
            CheckpointCommand.Create(output, storage),
            KafkaDevCommand.Create(output, logging),
            MqttDevCommand.Create(output),
            ExecutorCommand.Create(output, logging),
        };
        logging.AddTo(root);
        storage.AddTo(root);
        telemetry.AddTo(root);
        return root;
    }
}
