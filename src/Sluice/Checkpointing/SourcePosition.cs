using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Checkpointing;

/// <summary>
/// What one batch of a replayable input read, in the input's own typed positions written as JSON: a file stream's
/// file names, a receiver stream's blocks, a Kafka stream's offset ranges, a custom direct stream's positions.
/// Recorded in checkpoints, read again by a recovery, and given to outputs that commit a batch with what it read.
/// </summary>
/// <param name="Operator">The input stream's identity.</param>
/// <param name="BatchTime">The batch.</param>
/// <param name="Positions">What it read, one JSON value per position (a partition of the batch), in order.</param>
[JsonConverter(typeof(SourcePositionJsonConverter))]
public sealed record SourcePosition(string Operator, DateTimeOffset BatchTime, IReadOnlyList<JsonElement> Positions);
