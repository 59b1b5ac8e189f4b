namespace Sluice.Kinesis;

/// <summary>A shard as ListShards gives it: its parents (after a split, one; after a merge, two), and its last sequence number once closed.</summary>
internal sealed record KinesisShard(string ShardId, string? ParentShardId, string? AdjacentParentShardId, string? EndingSequenceNumber)
{
    public IEnumerable<string> Parents => new[] { ParentShardId, AdjacentParentShardId }.OfType<string>();
}
