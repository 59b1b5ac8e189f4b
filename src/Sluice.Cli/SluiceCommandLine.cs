using System.CommandLine;
using Sluice.Cli.Commands;

namespace Sluice.Cli;

/// <summary>The <c>sluice</c> command line: parses arguments and runs the chosen command.</summary>
internal static class SluiceCommandLine
{
    /// <summary>The exit code of a usage error (unknown command, missing or invalid argument).</summary>
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        // In a terminal, results share the screen with a live status line; redirected, batches are logged as lines.
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected)
        {
            output = new ConsoleStatusLine(output, error);
        }

        var root = new RootCommand("Sluice: micro-batch stream processing for .NET, on the model of Spark Streaming.")
        {
            DemoCommand.Create(output),
            WordCountCommand.Create(output),
            CheckpointCommand.Create(output),
            KafkaDevCommand.Create(output),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Unlike the original socket example, which printed its usage and carried on, a usage error stops here.
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'sluice --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        // Signals are handled by ShutdownSignal (graceful first, immediate second), not by System.CommandLine's timeout.
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }
}
