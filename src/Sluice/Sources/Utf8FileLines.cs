using Sluice.Text;

namespace Sluice.Sources;

/// <summary>
/// A file's lines as <see cref="Utf8Text"/>, split as <see cref="File.ReadLines(string)"/> splits them (at
/// <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>, a UTF-8 byte order mark skipped, no empty line after the last break),
/// each a view of the chunk it was read into: no string and no copy per line.
/// </summary>
internal static class Utf8FileLines
{
    /// <summary>How much is read at a time; each chunk is a new buffer, since the lines read from it may outlive the read.</summary>
    public const int DefaultChunkSize = 1 << 20;

    public static IEnumerable<Utf8Text> Read(string path, int chunkSize = DefaultChunkSize)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new byte[chunkSize];
        var (start, end) = (0, 0);
        var markChecked = false;
        while (true)
        {
            var read = stream.Read(buffer, end, buffer.Length - end);
            end += read;
            var atEnd = read == 0;
            if (!markChecked && (end >= 3 || atEnd))
            {
                start = buffer.AsSpan(0, end).StartsWith("\uFEFF"u8) ? 3 : 0;
                markChecked = true;
            }

            while (markChecked)
            {
                var (lineEnd, next) = NextBreak(buffer, start, end, atEnd);
                if (next == 0)
                {
                    break;
                }

                yield return new Utf8Text(buffer, start, lineEnd - start);
                start = next;
            }

            if (atEnd)
            {
                if (end > start)
                {
                    yield return new Utf8Text(buffer, start, end - start);
                }

                yield break;
            }

            // The unfinished line moves to a new buffer with room to read after it; one that outgrows a chunk doubles.
            var rest = end - start;
            var carried = new byte[Math.Max(chunkSize, 2 * rest)];
            buffer.AsSpan(start, rest).CopyTo(carried);
            (buffer, start, end) = (carried, 0, rest);
        }
    }

    /// <summary>Where the line from <paramref name="start"/> ends and the next begins; next is 0 when no whole line is there yet.</summary>
    private static (int LineEnd, int Next) NextBreak(byte[] buffer, int start, int end, bool atEnd)
    {
        var offset = buffer.AsSpan(start, end - start).IndexOfAny((byte)'\n', (byte)'\r');
        if (offset < 0)
        {
            return (0, 0);
        }

        var at = start + offset;
        if (buffer[at] == '\n')
        {
            return (at, at + 1);
        }

        if (at + 1 < end)
        {
            return (at, buffer[at + 1] == '\n' ? at + 2 : at + 1);
        }

        // A '\r' that ends what was read: a '\n' may follow in the next read.
        return atEnd ? (at, at + 1) : (0, 0);
    }
}
