using System.Buffers.Binary;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sluice.Checkpointing;

/// <summary>Reads what a checkpoint directory holds, without an application: for <c>sluice checkpoint inspect</c> and tools.</summary>
public static class CheckpointInspector
{
    /// <summary>Summarizes the checkpoint in <paramref name="storage"/> a restart would use: the newest whose metadata and state files can all be read; <see cref="CheckpointSummary.Skipped"/> says what was wrong with newer ones.</summary>
    /// <param name="storage">Where the checkpoint files are.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The summary, or <see langword="null"/> when there is no checkpoint.</returns>
    /// <exception cref="CheckpointFormatException">There are checkpoints but none can be read; the message says why for each.</exception>
    public static async Task<CheckpointSummary?> InspectAsync(ICheckpointStorage storage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var directory = new CheckpointDirectory(storage, NullLogger.Instance);
        var skipped = new List<string>();

        // The checkpoint a restart would use: the newest whose metadata and every state file it names can be read.
        var latest = await directory.ReadLatestAsync(
            async (name, payload) =>
            {
                var metadata = CheckpointMetadata.FromJson(payload, $"{name} in {storage.Location}");
                return (Metadata: metadata, Files: await directory.ReadStateAsync(name, metadata, cancellationToken).ConfigureAwait(false));
            },
            cancellationToken,
            skipped).ConfigureAwait(false);
        if (latest is not { } found)
        {
            return null;
        }

        var metadata = found.Metadata.Metadata;
        var total = (await storage.ReadAsync(CheckpointDirectory.MetadataName(found.BatchTime), cancellationToken).ConfigureAwait(false))?.Length ?? 0L;
        var state = new Dictionary<string, (DateTimeOffset Version, long Entries, long Bytes)>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var folds = metadata.Operators.Where(op => op.Kind == "foldBatches").Select(op => op.Identity).ToHashSet(StringComparer.Ordinal);
        foreach (var (file, payload) in found.Metadata.Files)
        {
            var entries = payload.Length >= 8 ? BinaryPrimitives.ReadInt64LittleEndian(payload.Span) : 0;
            var (_, sumEntries, sumBytes) = state.GetValueOrDefault(file.Operator);
            state[file.Operator] = (file.Version, sumEntries + entries, sumBytes + payload.Length);
            total += payload.Length;
            if (folds.Contains(file.Operator) && payload.Length > 8 && Text(payload.Span[8..]) is { } value)
            {
                values[file.Operator] = value;
            }
        }

        return new CheckpointSummary(
            storage.Location,
            metadata.BatchTime,
            TimeSpan.FromMilliseconds(metadata.BatchIntervalMs),
            metadata.ZeroTime,
            metadata.PendingBatches,
            [.. metadata.Operators.Select(op => state.TryGetValue(op.Identity, out var saved)
                ? new CheckpointOperatorSummary(op.Identity, op.Kind, op.RecordType, op.IsOutput, saved.Version, saved.Entries, saved.Bytes) { Value = values.GetValueOrDefault(op.Identity) }
                : new CheckpointOperatorSummary(op.Identity, op.Kind, op.RecordType, op.IsOutput, null, 0, 0))],
            [.. metadata.Sources.GroupBy(position => position.Operator).Select(group => new CheckpointSourceSummary(
                group.Key, group.Count(), group.Sum(position => position.Positions.Count), group.Min(position => (DateTimeOffset?)position.BatchTime)))],
            total,
            skipped);
    }

    /// <summary>A folded value's bytes as text, when they are a length and that many bytes of UTF-8 without control characters (the JSON codec's); else <see langword="null"/>.</summary>
    private static string? Text(ReadOnlySpan<byte> bytes)
    {
        try
        {
            if (Serialization.CodecInput.ReadLength(ref bytes, "a folded value") != bytes.Length)
            {
                return null;
            }

            var text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? null : text;
        }
        catch (Exception error) when (error is System.Text.DecoderFallbackException or FormatException)
        {
            return null;
        }
    }
}
