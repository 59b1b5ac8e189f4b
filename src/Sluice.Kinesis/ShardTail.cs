namespace Sluice.Kinesis;

/// <summary>The driver's place in one shard: the last sequence number planned, the iterator after it, and whether a closed shard is read to its end.</summary>
internal sealed class ShardTail(string shardId, string? after, bool atLatest)
{
    public string ShardId { get; } = shardId;

    /// <summary>The last sequence number planned; null before any.</summary>
    public string? After { get; set; } = after;

    /// <summary>Whether the shard starts at its end (<c>LATEST</c>) rather than its oldest record, while nothing is planned yet.</summary>
    public bool AtLatest { get; } = atLatest;

    /// <summary>The iterator the next GetRecords reads from; null when a new one is needed.</summary>
    public string? Iterator { get; set; }

    /// <summary>A closed shard read to its end: its children may be read.</summary>
    public bool Finished { get; set; }

    /// <summary>The kind of iterator to ask for, and from which sequence number.</summary>
    public (string Type, string? SequenceNumber) IteratorStart
        => After is { } after ? ("AFTER_SEQUENCE_NUMBER", after) : AtLatest ? ("LATEST", (string?)null) : ("TRIM_HORIZON", null);
}
