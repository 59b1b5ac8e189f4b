namespace Sluice.Datasets;

/// <summary>
/// Spreads keys by their hash code: <c>hash mod n</c>, made non-negative. The default partitioner of every
/// shuffle except sorting.
/// </summary>
/// <remarks>
/// String keys are hashed with FNV-1a over their UTF-16 code units, so a string goes to the same partition in
/// every process and every run (.NET's own string hash codes are randomized per process). Other keys are hashed
/// with <see cref="EqualityComparer{T}.Default"/>; for a type whose hash code depends on strings (a record with a
/// string member), the assignment is stable within one process only.
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
    public override int GetPartition<TKey>(TKey key) => key switch
    {
        null => 0,
        string text => NonNegativeMod(StableHash(text)),
        _ => NonNegativeMod(EqualityComparer<TKey>.Default.GetHashCode(key)),
    };

    /// <summary>FNV-1a over UTF-16 code units: deterministic across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    internal static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }

    private int NonNegativeMod(int hash)
    {
        var mod = hash % PartitionCount;
        return mod < 0 ? mod + PartitionCount : mod;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is HashPartitioner other && other.PartitionCount == PartitionCount;

    /// <inheritdoc/>
    public override int GetHashCode() => PartitionCount;
}
