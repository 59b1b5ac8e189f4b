namespace Sluice.Kinesis;

/// <summary>
/// What one task of a batch reads from a Kinesis shard: the records from <see cref="First"/> to <see cref="Last"/>,
/// both included. Recorded in checkpoints, so a batch run again after a crash reads the same records. A range
/// without records (the shard had nothing new) still records <see cref="After"/>, where the shard is.
/// </summary>
/// <param name="Stream">The data stream.</param>
/// <param name="ShardId">The shard.</param>
/// <param name="First">The range's first sequence number; null for an empty range.</param>
/// <param name="Last">The range's last sequence number; null for an empty range.</param>
/// <param name="After">For an empty range, the last sequence number read before it; null when none was.</param>
public sealed record ShardRange(string Stream, string ShardId, string? First, string? Last, string? After = null)
{
    /// <summary>The last sequence number this range reached: its last, or, when empty, where the shard was.</summary>
    public string? Reached => Last ?? After;

    /// <summary>The range as people read it, <c>stream/shard [first, last]</c>.</summary>
    /// <returns>The range as text.</returns>
    public override string ToString() => First is null ? $"{Stream}/{ShardId} nothing new" : $"{Stream}/{ShardId} [{First}, {Last}]";
}
