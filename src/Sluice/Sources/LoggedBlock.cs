namespace Sluice.Sources;

/// <summary>A block read back from a receiver's write-ahead log.</summary>
/// <param name="Sequence">The block's number within its stream.</param>
/// <param name="Records">How many records the payload holds.</param>
/// <param name="Payload">The records, written with the stream's record codec.</param>
internal sealed record LoggedBlock(long Sequence, int Records, byte[] Payload);
