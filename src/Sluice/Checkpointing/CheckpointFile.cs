using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Sluice.Checkpointing;

/// <summary>
/// The envelope of every checkpoint file: magic <c>SLUICECK</c>, format version, kind, payload length, payload, and
/// a SHA-256 of everything before it. A reader can tell a foreign file, a newer format, a truncated file and a
/// corrupt one apart, and never trusts a length it has not checked against the file's size.
/// </summary>
internal static class CheckpointFile
{
    public const ushort FormatVersion = 1;
    private const int HeaderLength = 8 + 2 + 1 + 8;
    private const int ChecksumLength = 32;
    private static readonly byte[] s_magic = "SLUICECK"u8.ToArray();

    public static byte[] Wrap(CheckpointFileKind kind, ReadOnlySpan<byte> payload)
    {
        var copy = payload.ToArray();
        return Build(kind, output => output.Write(copy), copy.Length).ToArray();
    }

    /// <summary>
    /// A whole checkpoint file whose payload <paramref name="writePayload"/> writes straight into the file's buffer,
    /// so a large state is not copied again to be wrapped.
    /// </summary>
    public static ReadOnlyMemory<byte> Build(CheckpointFileKind kind, Action<ArrayBufferWriter<byte>> writePayload, int sizeHint)
    {
        var output = new ArrayBufferWriter<byte>(HeaderLength + Math.Max(sizeHint, 0) + ChecksumLength);
        output.GetSpan(HeaderLength);
        output.Advance(HeaderLength); // filled in once the payload's length is known
        writePayload(output);
        var payloadLength = output.WrittenCount - HeaderLength;
        var header = MemoryMarshal.AsMemory(output.WrittenMemory).Span;
        s_magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], FormatVersion);
        header[10] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(header[11..], payloadLength);
        var checksum = output.GetSpan(ChecksumLength);
        SHA256.HashData(output.WrittenSpan, checksum);
        output.Advance(ChecksumLength);
        return output.WrittenMemory;
    }

    /// <summary>The payload of a checkpoint file of the expected kind.</summary>
    /// <param name="file">The whole file.</param>
    /// <param name="expected">The kind the caller reads.</param>
    /// <param name="name">The file's name, for messages.</param>
    /// <exception cref="CheckpointFormatException">The file is foreign, newer, of another kind, truncated or corrupt.</exception>
    public static ReadOnlyMemory<byte> Unwrap(ReadOnlyMemory<byte> file, CheckpointFileKind expected, string name)
    {
        var span = file.Span;
        if (span.Length < s_magic.Length || !span[..s_magic.Length].SequenceEqual(s_magic))
        {
            throw new CheckpointFormatException($"{name} is not a Sluice checkpoint file (it does not start with SLUICECK). Remove files that are not checkpoints from the checkpoint directory.");
        }

        if (span.Length < HeaderLength)
        {
            throw Truncated(name, HeaderLength + ChecksumLength, span.Length);
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
        if (version > FormatVersion)
        {
            throw new CheckpointFormatException($"{name} was written in checkpoint format {version}; this version of Sluice reads up to {FormatVersion}. Run a newer Sluice, or start without this checkpoint.");
        }

        var kind = (CheckpointFileKind)span[10];
        if (kind != expected)
        {
            throw new CheckpointFormatException($"{name} holds {kind} data where {expected} was expected: the file was renamed or copied over another.");
        }

        var length = BinaryPrimitives.ReadInt64LittleEndian(span[11..]);
        if (length < 0 || length > span.Length - HeaderLength - ChecksumLength)
        {
            throw Truncated(name, HeaderLength + Math.Max(length, 0) + ChecksumLength, span.Length);
        }

        var end = HeaderLength + (int)length;
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        SHA256.HashData(span[..end], checksum);
        if (!checksum.SequenceEqual(span.Slice(end, ChecksumLength)) || span.Length != end + ChecksumLength)
        {
            throw new CheckpointFormatException($"{name} is corrupt: its checksum does not match its content. The previous checkpoint will be used if there is one.");
        }

        return file.Slice(HeaderLength, (int)length);
    }

    private static CheckpointFormatException Truncated(string name, long expected, long actual)
        => new($"{name} is truncated: {expected} bytes expected, {actual} found (a write was cut short). The previous checkpoint will be used if there is one.");
}
