using System.Text;
using System.Text.Json;
using CsCheck;
using Sluice.Checkpointing;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Sources;
using Sluice.TestSupport;

namespace Sluice.Tests.Checkpointing;

/// <summary>
/// The readers that stand between bytes on disk and a recovery, fed damaged input (the fuzz harness,
/// <c>bench ... fuzz</c>, runs 10^5 of each): checkpoint metadata past a valid checksum is read whole or refused with
/// a <see cref="CheckpointFormatException"/>; a write-ahead log segment is read up to its damage, which is reported.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private static readonly byte[] s_metadata = new CheckpointMetadata(
        1000,
        DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000),
        DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_612_000),
        [DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_613_000)],
        [new("textFileStream-1", "textFileStream", "System.String", false), new("print-2", "print", "", true)],
        [new("window-counts", 0, DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_610_000), "state-window_counts-0-001767225610000")],
        [new("textFileStream-1", DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_611_000), [JsonSerializer.SerializeToElement("/in/part-1.txt")])],
        [new("socketTextStream-3", 42)]).ToJson();

    private static readonly string[] s_values = ["null", "0", "-1", "1e400", "\"\"", "[]", "[null]", "{}", "true", "\"2026-13-45T99:00:00Z\""];

    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The payload with a byte flipped, cut or inserted at <paramref name="at"/>, or the JSON value after the first colon from there replaced.</summary>
    private static byte[] Mutate(byte[] payload, int kind, int at, int value, byte noise)
    {
        at %= payload.Length;
        switch (kind)
        {
            case 0:
                var copy = (byte[])payload.Clone();
                copy[at] ^= noise == 0 ? (byte)1 : noise;
                return copy;
            case 1:
                return payload[..at];
            case 2:
                return [.. payload[..at], noise, .. payload[at..]];
            default:
                var text = Encoding.UTF8.GetString(payload);
                var colon = text.IndexOf(':', at) is >= 0 and var found ? found : text.IndexOf(':', StringComparison.Ordinal);
                var end = text.IndexOfAny([',', '\n'], colon + 1) is >= 0 and var stop ? stop : text.Length;
                return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, colon + 1), " ", s_values[value % s_values.Length], text.AsSpan(end)));
        }
    }

    [Fact]
    public void MetadataPastAValidChecksum_IsReadWhole_OrRefusedWithACheckpointFormatException()
        => Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Int[0, 100], Gen.Byte).Sample((kind, at, value, noise) =>
        {
            var payload = kind == 4 ? Encoding.UTF8.GetBytes($"{{\"BatchIntervalMs\": {value}}}") : Mutate(s_metadata, kind, at, value, noise);
            try
            {
                var metadata = CheckpointMetadata.FromJson(CheckpointFile.Unwrap(CheckpointFile.Wrap(CheckpointFileKind.Metadata, payload), CheckpointFileKind.Metadata, "fuzz"), "fuzz");
                return metadata.Operators.All(op => op.Identity is not null) && metadata.Sources.All(source => source.Positions is not null) && metadata.StateFiles.Count >= 0 && metadata.PendingBatches.Count >= 0;
            }
            catch (CheckpointFormatException)
            {
                return true;
            }
        }, iter: 3000);

    [Fact]
    public void DamagedLogSegments_AreReadUpToTheDamage_WhichIsReported()
    {
        var valid = FirstFormatBlockLog.Segment((1, 2, [1, 2, 3]), (2, 1, [4]), (3, 5, new byte[40]));
        var damaged = Path.Combine(_directory, "damaged");
        Directory.CreateDirectory(damaged);
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte).Sample((kind, at, noise) =>
        {
            var segment = Mutate(valid, kind, at, 0, noise);
            File.WriteAllBytes(Path.Combine(damaged, "log-000000000001"), segment);
            var (blocks, damage) = new SegmentedBlockLog(damaged).ReadAll();

            // Whole entries before the damage are read; a change inside an entry never passes as data.
            return blocks.Count <= 3 && (segment.AsSpan().SequenceEqual(valid) ? damage is null : damage is not null || segment.Length == 0 || blocks.Count < 3);
        }, iter: 2000, threads: 1); // one file, written by one sample at a time
    }

    [Fact]
    public void DamagedBlockFiles_AreReported_AndNeverPassAsData()
    {
        var storage = new LocalCheckpointStorage(Path.Combine(_directory, "blocks"));
        using (var log = new ReceivedBlockLog(storage, 0, null, NullLogger.Instance))
        {
            log.Append(7, 2, new byte[] { 1, 2, 3 });
        }

        var file = Path.Combine(storage.Location, "received-0-0000000000000000007");
        var valid = File.ReadAllBytes(file);
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte).Sample((kind, at, noise) =>
        {
            var damaged = Mutate(valid, kind, at, 0, noise);
            File.WriteAllBytes(file, damaged);
            using var log = new ReceivedBlockLog(storage, 0, null, NullLogger.Instance);
            var (blocks, damage) = log.ReadAll();
            return damaged.AsSpan().SequenceEqual(valid)
                ? damage is null && blocks.Single() is { Sequence: 7, Records: 2 } block && block.Payload.SequenceEqual<byte>([1, 2, 3])
                : damage is not null && blocks.Count == 0;
        }, iter: 2000, threads: 1);
    }
}
