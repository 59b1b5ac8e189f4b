using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sluice.Sources;

/// <summary>
/// The write-ahead log of one receiver stream: every block is appended and flushed to disk before the receiver
/// is told it is stored, so a crash loses no acknowledged record. Segments roll over at a size and are deleted
/// once no kept checkpoint references their blocks. An entry is its length, block sequence number, record count,
/// payload and a SHA-256; a torn last entry (a crash mid-write) ends the readable log.
/// </summary>
internal sealed class ReceivedBlockLog : IDisposable
{
    private const long SegmentBytes = 16 << 20;
    private const int EntryOverhead = 4 + 8 + 4 + 32;
    private readonly string _directory;
    private readonly Lock _gate = new();
    private FileStream? _segment;

    public ReceivedBlockLog(string directory)
    {
        _directory = Directory.CreateDirectory(directory).FullName;
    }

    /// <summary>Appends a block and flushes it to disk.</summary>
    /// <exception cref="IOException">The block could not be made durable; it must not be acknowledged.</exception>
    public void Append(long sequence, int records, ReadOnlySpan<byte> payload)
    {
        var entry = new byte[EntryOverhead + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(entry, payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(4), sequence);
        BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(12), records);
        payload.CopyTo(entry.AsSpan(16));
        SHA256.HashData(entry.AsSpan(0, 16 + payload.Length), entry.AsSpan(16 + payload.Length));
        lock (_gate)
        {
            if (_segment is null || _segment.Length >= SegmentBytes)
            {
                _segment?.Dispose();
                _segment = new FileStream(Path.Combine(_directory, $"log-{sequence:D12}"), FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            }

            _segment.Write(entry);
            _segment.Flush(flushToDisk: true);
        }
    }

    /// <summary>Every whole entry in the log, oldest first, and what was wrong with a torn or corrupt tail, if anything.</summary>
    public (List<(long Sequence, int Records, byte[] Payload)> Blocks, string? Damage) ReadAll()
    {
        var blocks = new List<(long, int, byte[])>();
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

                blocks.Add((BinaryPrimitives.ReadInt64LittleEndian(rest[4..]), BinaryPrimitives.ReadInt32LittleEndian(rest[12..]), rest.Slice(16, length).ToArray()));
                offset += EntryOverhead + length;
            }
        }

        return (blocks, null);
    }

    /// <summary>Deletes the segments whose every block is older than <paramref name="oldestNeeded"/>.</summary>
    public void DeleteBefore(long oldestNeeded)
    {
        lock (_gate)
        {
            var segments = Segments();
            for (var i = 0; i + 1 < segments.Count; i++)
            {
                // A segment's blocks are all older than the next segment's first one.
                if (FirstSequence(segments[i + 1]) <= oldestNeeded && (_segment is null || _segment.Name != segments[i]))
                {
                    File.Delete(segments[i]);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _segment?.Dispose();
            _segment = null;
        }
    }

    private static long FirstSequence(string path) => long.Parse(Path.GetFileName(path).AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);

    private List<string> Segments()
        => [.. Directory.EnumerateFiles(_directory, "log-*").Where(path => Path.GetFileName(path).Length == 16).OrderBy(FirstSequence)];
}
