using System.Buffers.Binary;

namespace Sluice.Flume;

/// <summary>
/// Avro RPC's Netty framing (Java's <c>NettyTransportCodec</c>): a pack is a big-endian serial, a big-endian count of
/// buffers, then each buffer as a big-endian length and its bytes. A response echoes its request's serial.
/// </summary>
internal static class NettyFrames
{
    private const int MaxBuffers = 100_000;

    /// <summary>The next pack's serial and its buffers joined; null when the peer closed the connection between packs.</summary>
    /// <exception cref="InvalidDataException">What came is not a Netty-framed pack.</exception>
    public static async Task<(int Serial, byte[] Payload)?> ReadAsync(Stream stream, int maxFrameBytes, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        if (await stream.ReadAtLeastAsync(header, 8, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < 8)
        {
            return null;
        }

        var serial = BinaryPrimitives.ReadInt32BigEndian(header);
        var count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        if (count is < 0 or > MaxBuffers)
        {
            throw new InvalidDataException($"a pack announced {count} buffers");
        }

        using var payload = new MemoryStream();
        for (var i = 0; i < count; i++)
        {
            await stream.ReadExactlyAsync(header.AsMemory(0, 4), cancellationToken).ConfigureAwait(false);
            var length = BinaryPrimitives.ReadInt32BigEndian(header);
            if (length < 0 || length > maxFrameBytes - payload.Length)
            {
                throw new InvalidDataException($"a buffer announced {length} bytes (at most {maxFrameBytes} are taken in a pack)");
            }

            var buffer = new byte[length];
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            payload.Write(buffer);
        }

        return (serial, payload.ToArray());
    }

    public static async Task WriteAsync(Stream stream, int serial, byte[] payload, CancellationToken cancellationToken)
    {
        var pack = new byte[12 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(pack, serial);
        BinaryPrimitives.WriteInt32BigEndian(pack.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32BigEndian(pack.AsSpan(8), payload.Length);
        payload.CopyTo(pack, 12);
        await stream.WriteAsync(pack, cancellationToken).ConfigureAwait(false);
    }
}
