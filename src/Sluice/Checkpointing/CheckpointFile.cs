using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Sluice.Checkpointing;

/// <summary>
/// The envelope of every checkpoint file: magic <c>SLUICECK</c>, format version, kind, payload length, payload, and
/// a checksum of everything before it. A reader can tell a foreign file, a newer format, a truncated file and a
/// corrupt one apart, and never trusts a length it has not checked against the file's size.
/// </summary>
/// <remarks>
/// Format 2 checks with XXH128, which hashes a large state file an order of magnitude faster than format 1's
/// SHA-256 and detects damage as well (nothing here defends against a deliberate forgery). Format 1 files are still read.
/// </remarks>
internal static class CheckpointFile
{
    public const ushort FormatVersion = 2;
    private const int HeaderLength = 8 + 2 + 1 + 8;
    private const int ChecksumLength = 16;
    private const int Sha256Length = 32;
    private static readonly byte[] s_magic = "SLUICECK"u8.ToArray();

    public static byte[] Wrap(CheckpointFileKind kind, ReadOnlySpan<byte> payload)
    {
        var copy = payload.ToArray();
        var output = new ArrayBufferWriter<byte>(HeaderLength + copy.Length + ChecksumLength);
        Build(kind, payloadOutput => payloadOutput.Write(copy), output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes a whole checkpoint file into the empty <paramref name="output"/>, its payload written straight into
    /// the file's buffer by <paramref name="writePayload"/>, so a large state is not copied again to be wrapped.
    /// </summary>
    public static void Build(CheckpointFileKind kind, Action<ArrayBufferWriter<byte>> writePayload, ArrayBufferWriter<byte> output)
    {
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
        XxHash128.Hash(output.WrittenSpan, checksum);
        output.Advance(ChecksumLength);
    }

    /// <summary>The payload of a checkpoint file of the expected kind.</summary>
    /// <param name="file">The whole file.</param>
    /// <param name="expected">The kind the caller reads.</param>
    /// <param name="name">The file's name, for messages.</param>
    /// <exception cref="CheckpointFormatException">The file is foreign, newer, of another kind, truncated or corrupt.</exception>
    public static ReadOnlyMemory<byte> Unwrap(ReadOnlyMemory<byte> file, CheckpointFileKind expected, string name)
    {
        var span = file.Span;
        if (span.Length < s_magic.Length && s_magic.AsSpan().StartsWith(span))
        {
            throw Truncated(name, HeaderLength + ChecksumLength, span.Length); // empty, or cut short in its first bytes
        }

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

        var checksumLength = version == 1 ? Sha256Length : ChecksumLength;
        var length = BinaryPrimitives.ReadInt64LittleEndian(span[11..]);
        if (length < 0 || length > span.Length - HeaderLength - checksumLength)
        {
            throw Truncated(name, HeaderLength + Math.Max(length, 0) + checksumLength, span.Length);
        }

        var end = HeaderLength + (int)length;
        Span<byte> checksum = stackalloc byte[checksumLength];
        if (version == 1)
        {
            SHA256.HashData(span[..end], checksum);
        }
        else
        {
            XxHash128.Hash(span[..end], checksum);
        }

        if (!checksum.SequenceEqual(span.Slice(end, checksumLength)) || span.Length != end + checksumLength)
        {
            throw new CheckpointFormatException($"{name} is corrupt: its checksum does not match its content. The previous checkpoint will be used if there is one.");
        }

        return file.Slice(HeaderLength, (int)length);
    }

    private static CheckpointFormatException Truncated(string name, long expected, long actual)
        => new($"{name} is truncated ({actual} of {expected} bytes: a write was cut short).");
}
