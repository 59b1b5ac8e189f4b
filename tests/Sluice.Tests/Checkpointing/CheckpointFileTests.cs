using CsCheck;
using Sluice.Checkpointing;

namespace Sluice.Tests.Checkpointing;

public class CheckpointFileTests
{
    private static readonly byte[] s_payload = "{\"batch\":1}"u8.ToArray();

    private static CheckpointFormatException Rejects(byte[] file, CheckpointFileKind kind = CheckpointFileKind.Metadata)
        => Assert.Throws<CheckpointFormatException>(() => CheckpointFile.Unwrap(file, kind, "metadata-000000000001000"));

    [Fact]
    public void Wrapped_UnwrapsToThePayload()
        => Assert.Equal(s_payload, CheckpointFile.Unwrap(CheckpointFile.Wrap(CheckpointFileKind.Metadata, s_payload), CheckpointFileKind.Metadata, "f").ToArray());

    [Fact]
    public void ForeignFile_SaysItIsNotACheckpoint()
        => Assert.Contains("is not a Sluice checkpoint file", Rejects("hello, world"u8.ToArray()).Message, StringComparison.Ordinal);

    [Fact]
    public void NewerFormat_SaysWhichVersion()
    {
        var file = CheckpointFile.Wrap(CheckpointFileKind.Metadata, s_payload);
        file[8] = 9;
        Assert.Contains("checkpoint format 9; this version of Sluice reads up to 2", Rejects(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format1File_WithItsSha256_IsStillRead()
    {
        byte[] header = [.. "SLUICECK"u8, 1, 0, (byte)CheckpointFileKind.Metadata, .. BitConverter.GetBytes((long)s_payload.Length)];
        byte[] body = [.. header, .. s_payload];
        byte[] file = [.. body, .. System.Security.Cryptography.SHA256.HashData(body)];
        Assert.Equal(s_payload, CheckpointFile.Unwrap(file, CheckpointFileKind.Metadata, "f").ToArray());

        file[^1] ^= 1;
        Assert.Contains("is corrupt", Rejects(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherKind_IsRejected()
        => Assert.Contains("holds State data where Metadata was expected", Rejects(CheckpointFile.Wrap(CheckpointFileKind.State, s_payload)).Message, StringComparison.Ordinal);

    [Fact]
    public void EveryTruncation_IsRejectedAsTruncatedOrForeign()
    {
        var file = CheckpointFile.Wrap(CheckpointFileKind.Metadata, s_payload);
        for (var length = 0; length < file.Length; length++)
        {
            var message = Rejects(file[..length]).Message;
            Assert.True(message.Contains("truncated", StringComparison.Ordinal) || message.Contains("not a Sluice checkpoint", StringComparison.Ordinal), message);
        }
    }

    [Fact]
    public void AnyFlippedBit_IsRejected()
    {
        var file = CheckpointFile.Wrap(CheckpointFileKind.Metadata, s_payload);
        for (var i = 0; i < file.Length; i++)
        {
            var damaged = file.ToArray();
            damaged[i] ^= 0x10;
            Rejects(damaged);
        }
    }

    [Fact]
    public void RandomBytes_AreRejected_NeverAnotherException()
        => Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            // With and without a valid magic, so the fuzzing reaches the length and checksum checks.
            foreach (var file in new[] { bytes, [.. "SLUICECK"u8, .. bytes] })
            {
                try
                {
                    CheckpointFile.Unwrap(file, CheckpointFileKind.Metadata, "fuzz");
                    return false;
                }
                catch (CheckpointFormatException)
                {
                }
            }

            return true;
        }, iter: 2000);
}
