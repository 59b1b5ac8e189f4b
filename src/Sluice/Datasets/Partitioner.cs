namespace Sluice.Datasets;

/// <summary>Decides which partition a key belongs to when a pair dataset is shuffled.</summary>
/// <remarks>
/// Two datasets partitioned by equal partitioners have each key in the same partition index. Implementations
/// must be deterministic (the same key always maps to the same partition, in every process) and override
/// <see cref="object.Equals(object?)"/> and <see cref="object.GetHashCode"/> when two instances partition alike.
/// </remarks>
public abstract class Partitioner
{
    /// <summary>The number of partitions keys are spread over.</summary>
    public abstract int PartitionCount { get; }

    /// <summary>The partition of <paramref name="key"/>, in <c>[0, PartitionCount)</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="key">The key.</param>
    public abstract int GetPartition<TKey>(TKey key);

    /// <summary>
    /// A function computing <see cref="GetPartition{TKey}"/> for keys of one type, fetched once per task: calling a
    /// generic virtual method per key goes through a runtime lookup every time, while this delegate is bound to the
    /// override once, when it is created.
    /// </summary>
    internal virtual Func<TKey, int> ForKeys<TKey>() => GetPartition;
}
