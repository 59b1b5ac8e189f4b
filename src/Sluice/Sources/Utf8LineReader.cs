using System.Text;

namespace Sluice.Sources;

/// <summary>
/// Splits a byte stream into UTF-8 lines on <c>\n</c>, dropping a trailing <c>\r</c>. Reads 64 KiB at a time and
/// finds line ends with a vectorized search; a line split across reads is joined; invalid UTF-8 becomes U+FFFD
/// rather than an error; a line longer than the limit is reported once and skipped up to its end. A last line the
/// stream ends in the middle of is kept, as Spark's reader keeps it, and reported with its length.
/// </summary>
internal static class Utf8LineReader
{
    private const int ReadSize = 1 << 16;

    public static IEnumerable<string> ReadLines(
        Stream stream, int maxLineLength, Action onLineTooLong, Action<int>? onUnterminatedLastLine = null, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[ReadSize];
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
                    yield return Encoding.UTF8.GetString(buffer, start, length);
                }

                start = lineEnd + 1;
                continue;
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
                    yield return Encoding.UTF8.GetString(buffer, start, length);
                }

                yield break;
            }

            end += read;
        }
    }
}
