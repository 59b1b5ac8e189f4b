using System.CommandLine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Sluice.Cli.Logging;

/// <summary>
/// The options that decide what the command line logs (<c>--log-level</c>, <c>-v</c>, <c>-q</c>, <c>--debug</c>),
/// given to every command, and the logger factory they make: warnings and errors on standard error by default.
/// </summary>
internal sealed class CliLogging
{
    private readonly Option<LogLevel?> _level = new("--log-level")
    {
        Description = "What the engine reports on standard error: trace, debug, information, warning (the default), error, critical or none.",
        HelpName = "level",
        Recursive = true,
    };

    private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Also report what goes well: receivers started, checkpoints recovered (--log-level information).", Recursive = true };
    private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "Report errors only (--log-level error).", Recursive = true };
    private readonly Option<bool> _debug = new("--debug") { Description = "Report everything, with the stack of every error (--log-level debug).", Recursive = true };

    public void AddTo(Command root)
    {
        foreach (var option in (Option[])[_level, _verbose, _quiet, _debug])
        {
            root.Options.Add(option);
        }
    }

    /// <summary>Whether errors are shown with their stacks.</summary>
    public bool Debug(ParseResult parsed) => parsed.GetValue(_debug) || parsed.GetValue(_level) is LogLevel.Trace or LogLevel.Debug;

    public LogLevel Level(ParseResult parsed)
        => parsed.GetValue(_level) is { } level ? level
            : parsed.GetValue(_debug) ? LogLevel.Debug
            : parsed.GetValue(_verbose) ? LogLevel.Information
            : parsed.GetValue(_quiet) ? LogLevel.Error
            : LogLevel.Warning;

    /// <summary>
    /// The engine's logger factory for a command: the console logger on the process's standard error (erasing the
    /// live status line before each line in a terminal), or lines on <paramref name="error"/> when it is another writer.
    /// </summary>
    public ILoggerFactory CreateFactory(ParseResult parsed, TextWriter error)
    {
        var stackTraces = Debug(parsed);
        var level = Level(parsed);
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(level);
            if (ReferenceEquals(error, Console.Error))
            {
                builder.AddConsole(console =>
                {
                    console.FormatterName = CliLogFormatter.FormatterName;
                    console.LogToStandardErrorThreshold = LogLevel.Trace;
                });
                builder.AddConsoleFormatter<CliLogFormatter, CliLogFormatterOptions>(formatter =>
                {
                    formatter.StackTraces = stackTraces;
                    formatter.ClearLine = ConsoleStatusLine.IsTerminal;
                });
            }
            else
            {
                builder.AddProvider(new TextWriterLoggerProvider(error, new CliLogFormatter(new CliLogFormatterOptions { StackTraces = stackTraces })));
            }
        });
    }
}
