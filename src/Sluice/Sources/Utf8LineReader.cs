using System.Buffers;
using Sluice.Serialization;

namespace Sluice.Sources;

/// <summary>
/// Splits a byte stream into UTF-8 lines on <c>\n</c>, dropping a trailing <c>\r</c>. Reads 64 KiB at a time and
/// finds line ends with a vectorized search; a line split across reads is joined; a line longer than the limit is
/// reported once and skipped up to its end. A last line the stream ends in the middle of is kept, as Spark's reader
/// keeps it, and reported with its length. The lines stay bytes: after each read, the whole lines it completed go
/// to the caller at once, each written as the string codec writes a string (its length, then its bytes), so a
/// receiver stores them as they are and a task makes strings of them; invalid UTF-8 becomes U+FFFD there.
/// </summary>
internal static class Utf8LineReader
{
    private const int ReadSize = 1 << 16;

    /// <summary>Reads <paramref name="stream"/> to its end, or until <paramref name="store"/> returns false.</summary>
    /// <param name="stream">The bytes.</param>
    /// <param name="maxLineLength">The longest line kept, in bytes.</param>
    /// <param name="onLineTooLong">Called once for each line over the limit.</param>
    /// <param name="onUnterminatedLastLine">Called with the length of a last line without a line end.</param>
    /// <param name="store">Takes the lines of one read, encoded, with their count; false to stop reading.</param>
    /// <param name="cancellationToken">Stops reading between reads.</param>
    public static void ReadLines(
        Stream stream,
        int maxLineLength,
        Action onLineTooLong,
        Action<int>? onUnterminatedLastLine,
        Func<ReadOnlySpan<byte>, int, bool> store,
        CancellationToken cancellationToken = default)
    {
        var buffer = new byte[ReadSize];
        var lines = new ArrayBufferWriter<byte>(ReadSize + 1024);
        var count = 0;
        int start = 0, end = 0;
        var skipping = false;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = start + newline;
                if (skipping)
                {
                    skipping = false;
                }
                else if (newline > maxLineLength)
                {
                    onLineTooLong();
                }
                else
                {
                    var length = newline > 0 && buffer[lineEnd - 1] == (byte)'\r' ? newline - 1 : newline;
                    CodecOutput.WriteWithLength(lines, buffer.AsSpan(start, length));
                    count++;
                }

                start = lineEnd + 1;
                continue;
            }

            if (count > 0)
            {
                // Every whole line of the read at once: one call, one lock and one rate check for hundreds of lines.
                if (!store(lines.WrittenSpan, count))
                {
                    return;
                }

                lines.ResetWrittenCount();
                count = 0;
            }

            if (!skipping && end - start > maxLineLength)
            {
                onLineTooLong();
                skipping = true;
            }

            if (skipping)
            {
                start = end = 0; // Discard the too-long line's bytes as they come.
            }
            else if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxLineLength + ReadSize));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                if (!skipping && end > start)
                {
                    // The last line had no newline before the end of the stream: a file without a final newline, or a
                    // peer that closed mid-line. Kept, but said, so a torn record is not counted unnoticed.
                    var length = buffer[end - 1] == (byte)'\r' ? end - start - 1 : end - start;
                    onUnterminatedLastLine?.Invoke(end - start);
                    CodecOutput.WriteWithLength(lines, buffer.AsSpan(start, length));
                    store(lines.WrittenSpan, 1);
                }

                return;
            }

            end += read;
        }
    }
}
