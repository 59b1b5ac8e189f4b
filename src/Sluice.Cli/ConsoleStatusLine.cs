using System.Text;
using Sluice.Monitoring;

namespace Sluice.Cli;

/// <summary>
/// When the console is a terminal: a live status line on standard error (the last batch, its records and delays),
/// redrawn in place after every batch, and the results writer. Before any result is written the status line is
/// cleared, so results never mix with it; the next batch draws it again below them.
/// </summary>
internal sealed class ConsoleStatusLine(TextWriter results, TextWriter status) : TextWriter, IStreamingListener
{
    /// <summary>Whether both standard output and standard error are a terminal, where the status line is drawn.</summary>
    public static bool IsTerminal => !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    /// <summary>Back to the start of the line, and erase it (ANSI).</summary>
    public const string Clear = "\r\u001b[2K";

    private readonly Lock _gate = new();
    private bool _shown;
    private long _completed;

    public override Encoding Encoding => results.Encoding;

    public void OnBatchCompleted(BatchInfo batch)
    {
        var line = BatchSummary.Format(batch, Interlocked.Increment(ref _completed));
        lock (_gate)
        {
            status.Write(Clear + line);
            status.Flush();
            _shown = true;
        }
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            ClearStatus();
            results.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            ClearStatus();
            results.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            ClearStatus();
            results.Write(buffer, index, count);
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            results.Flush();
        }
    }

    private void ClearStatus()
    {
        if (_shown)
        {
            status.Write(Clear);
            status.Flush();
            _shown = false;
        }
    }
}
