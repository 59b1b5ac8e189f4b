using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Sluice.Sources;

/// <summary>
/// The write-ahead log's first format, read after an upgrade and never written: append-only segments
/// (<c>receivedData/STREAM/log-FIRSTSEQUENCE</c> under a local checkpoint directory) of entries holding a length,
/// the block's sequence number, its record count, the payload and a SHA-256. A torn last entry (a crash while
/// writing it) ends the readable log.
/// </summary>
internal sealed class SegmentedBlockLog(string directory)
{
    private const int EntryOverhead = 4 + 8 + 4 + 32;

    /// <summary>Whether the directory holds segments of this format.</summary>
    public bool Exists => Segments().Count > 0;

    /// <summary>Every whole entry, oldest first, and what was wrong with a torn or corrupt tail, if anything.</summary>
    public (List<LoggedBlock> Blocks, string? Damage) ReadAll()
    {
        var blocks = new List<LoggedBlock>();
        Span<byte> checksum = stackalloc byte[32];
        foreach (var path in Segments())
        {
            var bytes = File.ReadAllBytes(path);
            var offset = 0;
            while (offset < bytes.Length)
            {
                var rest = bytes.AsSpan(offset);
                var length = rest.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(rest) : -1;
                if (length < 0 || rest.Length < EntryOverhead + (long)length)
                {
                    return (blocks, $"{Path.GetFileName(path)} ends with a torn entry at byte {offset} (a crash while writing it); the blocks after it were never acknowledged.");
                }

                SHA256.HashData(rest[..(16 + length)], checksum);
                if (!checksum.SequenceEqual(rest.Slice(16 + length, 32)))
                {
                    return (blocks, $"{Path.GetFileName(path)} has a corrupt entry at byte {offset}; the log is read up to it.");
                }

                blocks.Add(new LoggedBlock(BinaryPrimitives.ReadInt64LittleEndian(rest[4..]), BinaryPrimitives.ReadInt32LittleEndian(rest[12..]), rest.Slice(16, length).ToArray()));
                offset += EntryOverhead + length;
            }
        }

        return (blocks, null);
    }

    /// <summary>
    /// Deletes the segments whose every block is older than <paramref name="oldestNeeded"/>. A segment's blocks are
    /// older than the next segment's first one, and the last segment's older than <paramref name="firstAfter"/>, the
    /// first block logged in the current format.
    /// </summary>
    public void DeleteBefore(long oldestNeeded, long firstAfter)
    {
        var segments = Segments();
        for (var i = 0; i < segments.Count; i++)
        {
            var next = i + 1 < segments.Count ? FirstSequence(segments[i + 1]) : firstAfter;
            if (next <= oldestNeeded)
            {
                File.Delete(segments[i]);
            }
        }
    }

    private static long FirstSequence(string path) => long.Parse(Path.GetFileName(path).AsSpan(4), CultureInfo.InvariantCulture);

    private List<string> Segments()
        => Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "log-*").Where(path => Path.GetFileName(path).Length == 16 && Path.GetFileName(path)[4..].All(char.IsAsciiDigit)).OrderBy(FirstSequence)]
            : [];
}
