using Microsoft.Extensions.Logging.Console;

namespace Sluice.Cli.Logging;

/// <summary>How the command line's log lines look.</summary>
internal sealed class CliLogFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Whether an entry's exception is written whole, with its stack (<c>--debug</c>), rather than its message alone.</summary>
    public bool StackTraces { get; set; }

    /// <summary>Whether each line first erases the line it lands on: in a terminal, the live status line is there.</summary>
    public bool ClearLine { get; set; }
}
