namespace AppendedLinesSource;

/// <summary>What one batch reads of a file: the whole lines in bytes <c>[From, Until)</c>. Recorded in checkpoints as JSON.</summary>
/// <param name="Path">The file.</param>
/// <param name="From">The first byte: the start of a line.</param>
/// <param name="Until">The byte after the last line's end (its <c>\n</c>): where the next batch starts.</param>
public sealed record LineRange(string Path, long From, long Until)
{
    public override string ToString() => $"{System.IO.Path.GetFileName(Path)} [{From}, {Until})";
}
