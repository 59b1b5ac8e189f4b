namespace Sluice.Datasets;

/// <summary>
/// Spreads keys by their hash code: <c>hash mod n</c>, made non-negative. The default partitioner of every
/// shuffle except sorting.
/// </summary>
/// <remarks>
/// Keys are hashed with <see cref="EqualityComparer{T}.Default"/>. String hash codes are randomized per process in
/// .NET, so the assignment of a string key to a partition is stable within a process but not across processes.
/// </remarks>
public sealed class HashPartitioner : Partitioner
{
    /// <summary>Creates a partitioner over <paramref name="partitions"/> partitions.</summary>
    /// <param name="partitions">At least 1.</param>
    public HashPartitioner(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        PartitionCount = partitions;
    }

    /// <inheritdoc/>
    public override int PartitionCount { get; }

    /// <inheritdoc/>
    public override int GetPartition<TKey>(TKey key)
    {
        if (key is null)
        {
            return 0;
        }

        var mod = EqualityComparer<TKey>.Default.GetHashCode(key) % PartitionCount;
        return mod < 0 ? mod + PartitionCount : mod;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is HashPartitioner other && other.PartitionCount == PartitionCount;

    /// <inheritdoc/>
    public override int GetHashCode() => PartitionCount;
}
