using System.Buffers.Binary;

namespace Sluice.Sources;

/// <summary>
/// Reads length-prefixed frames: a 4-byte big-endian length, then that many bytes. A negative or oversized length
/// means the stream is not framed this way (or is corrupt): it fails with a message saying what was read.
/// </summary>
internal static class LengthPrefixedFrameReader
{
    public static IEnumerable<byte[]> ReadFrames(Stream stream, int maxFrameLength, string source, CancellationToken cancellationToken = default)
    {
        var header = new byte[4];
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = stream.ReadAtLeast(header, 4, throwOnEndOfStream: false);
            if (read == 0)
            {
                yield break;
            }

            if (read < 4)
            {
                throw new EndOfStreamException($"The stream from {source} ended inside a frame's 4-byte length prefix.");
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(header);
            if (length < 0 || length > maxFrameLength)
            {
                throw new InvalidDataException(
                    $"Frame length {length} from {source} is outside 0..{maxFrameLength} (bytes {Convert.ToHexString(header)}): the sender does not write 4-byte big-endian length-prefixed frames, or the stream is corrupt.");
            }

            var frame = new byte[length];
            if (stream.ReadAtLeast(frame, length, throwOnEndOfStream: false) < length)
            {
                throw new EndOfStreamException($"The stream from {source} ended inside a frame of {length} bytes.");
            }

            yield return frame;
        }
    }
}
