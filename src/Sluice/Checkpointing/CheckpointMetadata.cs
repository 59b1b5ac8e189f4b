using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Checkpointing;

/// <summary>
/// What a checkpoint records at a completed batch, as JSON a person can read: the batch grid, the batches still
/// to run, the operators (by identity: closures are never saved), and where each stateful operator's latest saved
/// state is.
/// </summary>
/// <param name="BatchIntervalMs">The batch interval, which a restarted application must keep.</param>
/// <param name="ZeroTime">The time before the first batch: batch times are this plus multiples of the interval.</param>
/// <param name="BatchTime">The completed batch this checkpoint was taken at.</param>
/// <param name="PendingBatches">Batches generated and not completed then: run again after a restart.</param>
/// <param name="Operators">Every operator of the graph.</param>
/// <param name="StateFiles">The newest saved state of each stateful operator's partitions.</param>
/// <param name="Sources">What each replayable input read per batch, for the batches a recovery may run again.</param>
/// <param name="Received">Per receiver stream, the records it had received and no batch had taken yet: what a crash loses without the write-ahead log.</param>
internal sealed record CheckpointMetadata(
    long BatchIntervalMs,
    DateTimeOffset ZeroTime,
    DateTimeOffset BatchTime,
    IReadOnlyList<DateTimeOffset> PendingBatches,
    IReadOnlyList<CheckpointedOperator> Operators,
    IReadOnlyList<StateFile> StateFiles,
    IReadOnlyList<SourcePosition> Sources,
    IReadOnlyList<ReceivedBacklog>? Received = null)
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, s_json);

    /// <summary>Reads metadata, whole: every list and name there, or a <see cref="CheckpointFormatException"/>, never a half-read record.</summary>
    /// <exception cref="CheckpointFormatException">The payload is not checkpoint metadata.</exception>
    public static CheckpointMetadata FromJson(ReadOnlyMemory<byte> payload, string where)
    {
        CheckpointMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<CheckpointMetadata>(payload.Span, s_json);
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or ArgumentException)
        {
            throw new CheckpointFormatException($"The checkpoint metadata in {where} cannot be read: {error.Message}", error);
        }

        return metadata?.Problem() is { } problem || metadata is null
            ? throw new CheckpointFormatException($"The checkpoint metadata in {where} is incomplete: {(metadata is null ? "it is empty" : metadata.Problem())}.")
            : metadata;
    }

    /// <summary>What is missing or out of range, when JSON that parses is not whole metadata (written by something else, or damaged before its checksum).</summary>
    private string? Problem()
    {
        if (BatchIntervalMs <= 0)
        {
            return $"the batch interval is {BatchIntervalMs} ms";
        }

        if (PendingBatches is null || Operators is null || StateFiles is null || Sources is null)
        {
            return "a list of batches, operators, state files or sources is missing";
        }

        if (Operators.Any(op => op is null || op.Identity is null || op.Kind is null || op.RecordType is null))
        {
            return "an operator has no identity, kind or record type";
        }

        if (StateFiles.Any(file => file is null || file.Operator is null || file.File is null || file.Partition < 0))
        {
            return "a state file has no operator, name or partition";
        }

        if (Sources.Any(source => source is null || source.Operator is null || source.Positions is null))
        {
            return "a source position has no operator or positions";
        }

        return Received?.Any(backlog => backlog is null || backlog.Operator is null) == true ? "a receiver backlog has no operator" : null;
    }

    /// <summary>The data files this metadata needs, for retention.</summary>
    public static IEnumerable<string> FilesOf(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return FromJson(payload, "a kept checkpoint").StateFiles.Select(file => file.File);
        }
        catch (CheckpointFormatException)
        {
            return [];
        }
    }
}
