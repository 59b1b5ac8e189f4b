using System.Text;
using Sluice;
using Sluice.Sources;

namespace AppendedLinesSource;

/// <summary>
/// The lines appended to a file (a log a program writes to), read exactly once across crashes: a custom replayable
/// source written against Sluice's public connector API. Each batch reads the whole lines appended since the last
/// one, as a byte range; the range is the batch's position, so a batch run again after a crash reads the same bytes.
/// The file must only grow (no rotation or truncation).
/// </summary>
public sealed class AppendedLinesStream : DirectInputDStream<string, LineRange>
{
    private readonly string _path;
    private long _next;

    public AppendedLinesStream(StreamingContext context, string path)
        : base(context, "appendedLines")
    {
        _path = Path.GetFullPath(path);
    }

    protected override IReadOnlyList<LineRange> Plan(DateTimeOffset batchTime)
    {
        if (!File.Exists(_path))
        {
            ReportInputError($"{_path} does not exist (yet): no lines to read. Create it, or check the path.");
            return [];
        }

        var until = LastLineEnd(_next, new FileInfo(_path).Length);
        if (until < _next)
        {
            ReportInputError($"{_path} is shorter than the {_next} bytes already read: it was truncated or replaced, which this source cannot follow. Start without the checkpoint to read it from the start.");
            return [];
        }

        var range = new LineRange(_path, _next, until);
        _next = until;
        return range.Until > range.From ? [range] : [];
    }

    protected override IEnumerable<string> Read(LineRange position, int attempt, CancellationToken cancellationToken)
    {
        using var file = new FileStream(position.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Position = position.From;
        var bytes = new byte[position.Until - position.From];
        file.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes).Split('\n')[..^1].Select(line => line.TrimEnd('\r')); // the range ends with a line's \n
    }

    protected override void Restore(IReadOnlyList<(DateTimeOffset BatchTime, IReadOnlyList<LineRange> Positions)> batches)
        => _next = batches.SelectMany(batch => batch.Positions).Select(range => range.Until).DefaultIfEmpty(_next).Max();

    protected override string Describe(LineRange position) => position.ToString();

    /// <summary>The end of the last whole line in <c>[from, length)</c>: a line still being written is left for a later batch.</summary>
    private long LastLineEnd(long from, long length)
    {
        if (length <= from)
        {
            return length;
        }

        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var chunk = new byte[64 * 1024];
        for (var end = length; end > from; end -= chunk.Length)
        {
            var start = Math.Max(from, end - chunk.Length);
            file.Position = start;
            var read = (int)(end - start);
            file.ReadExactly(chunk, 0, read);
            var newline = Array.LastIndexOf(chunk, (byte)'\n', read - 1, read);
            if (newline >= 0)
            {
                return start + newline + 1;
            }
        }

        return from;
    }
}
