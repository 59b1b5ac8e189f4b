using System.Text.Json.Serialization;

namespace Sluice.Sources;

/// <summary>What a receiver stream's batch read: one block, by its number in the stream and its record count.</summary>
/// <param name="Sequence">The block's number within its stream.</param>
/// <param name="Records">How many records it held.</param>
[JsonConverter(typeof(ReceivedBlockPositionJsonConverter))]
internal sealed record ReceivedBlockPosition(long Sequence, int Records);
