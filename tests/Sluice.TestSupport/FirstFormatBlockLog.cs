using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sluice.TestSupport;

/// <summary>
/// Writes a receiver write-ahead log segment in the first format, which Sluice still reads and no longer writes:
/// entries of a length, a sequence number, a record count, the payload and a SHA-256 of all four.
/// </summary>
public static class FirstFormatBlockLog
{
    /// <summary>The bytes of a segment holding <paramref name="entries"/>, in order.</summary>
    public static byte[] Segment(params (long Sequence, int Records, byte[] Payload)[] entries)
    {
        var segment = new MemoryStream();
        foreach (var (sequence, records, payload) in entries)
        {
            var entry = new byte[16 + payload.Length + 32];
            BinaryPrimitives.WriteInt32LittleEndian(entry, payload.Length);
            BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(4), sequence);
            BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(12), records);
            payload.CopyTo(entry.AsSpan(16));
            SHA256.HashData(entry.AsSpan(0, 16 + payload.Length), entry.AsSpan(16 + payload.Length));
            segment.Write(entry);
        }

        return segment.ToArray();
    }
}
