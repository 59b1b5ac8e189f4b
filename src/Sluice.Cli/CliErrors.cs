namespace Sluice.Cli;

/// <summary>
/// Turns what a command threw into what a person at a terminal needs: one line saying what is wrong and an exit code
/// (<see cref="SluiceCommandLine.UsageError"/> for arguments the engine refused, <see cref="SluiceCommandLine.RunFailed"/>
/// for everything else); the stack only with <c>--debug</c>.
/// </summary>
internal static class CliErrors
{
    public static async Task<int> ReportAsync(Exception failure, TextWriter error, bool debug)
    {
        if (debug)
        {
            await error.WriteLineAsync(failure.ToString()).ConfigureAwait(false);
        }
        else
        {
            await error.WriteLineAsync(Describe(failure)).ConfigureAwait(false);
        }

        if (failure is ArgumentException or CliUsageException)
        {
            await error.WriteLineAsync(SluiceCommandLine.UsageHint).ConfigureAwait(false);
            return SluiceCommandLine.UsageError;
        }

        return SluiceCommandLine.RunFailed;
    }

    /// <summary>The message, without .NET's <c>(Parameter 'x')</c>, then each cause it does not already say, as a log line says them.</summary>
    public static string Describe(Exception failure)
        => Logging.CliLogFormatter.Format(
            Microsoft.Extensions.Logging.LogLevel.Error,
            failure is ArgumentException { ParamName: { } name } argument ? argument.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : failure.Message,
            failure.InnerException,
            stackTraces: false);
}
