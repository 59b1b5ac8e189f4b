using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Sluice.Cli.Logging;

/// <summary>
/// The command line's log lines: <c>warning: message</c>, one line each, without the category and event id a
/// library's log carries (a person at a terminal reads these), the cause's message added when the message leaves it
/// out, and with <c>--debug</c> the whole exception below.
/// </summary>
internal sealed class CliLogFormatter : ConsoleFormatter
{
    public const string FormatterName = "sluice";

    private readonly CliLogFormatterOptions _options;

    public CliLogFormatter(IOptionsMonitor<CliLogFormatterOptions> options)
        : this(options.CurrentValue)
    {
    }

    public CliLogFormatter(CliLogFormatterOptions options)
        : base(FormatterName)
    {
        _options = options;
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (_options.ClearLine)
        {
            textWriter.Write(ConsoleStatusLine.Clear);
        }

        textWriter.WriteLine(Format(logEntry.LogLevel, message, logEntry.Exception, _options.StackTraces));
    }

    /// <summary>One entry as text: the level's word, the message, and the exception's message (or, with stack traces, the whole exception on the lines below).</summary>
    public static string Format(LogLevel level, string message, Exception? error, bool stackTraces)
    {
        var line = $"{LevelName(level)}: {message}";
        if (error is null)
        {
            return line;
        }

        if (stackTraces)
        {
            return line + Environment.NewLine + error;
        }

        for (var cause = error; cause is not null; cause = cause.InnerException)
        {
            // Messages of wrapping exceptions usually repeat their cause's: say each thing once.
            if (!line.Contains(cause.Message, StringComparison.Ordinal))
            {
                line += (line.EndsWith('.') ? " " : ". ") + cause.Message;
            }
        }

        return line;
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        _ => "critical",
    };
}
