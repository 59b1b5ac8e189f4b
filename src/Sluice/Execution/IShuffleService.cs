namespace Sluice.Execution;

/// <summary>
/// Where map tasks leave their bucketed output and reduce tasks find it. Every shuffle goes through this
/// interface so that executors in other processes can be added without changing the scheduler.
/// </summary>
/// <remarks>
/// Contract: a map output is visible to readers once <see cref="WriteMapOutput{T}"/> returns; a later write for
/// the same map partition (a retried task) replaces the earlier one whole. Buckets are owned by the service once
/// written and must not be changed by the writer. Outputs live until <see cref="Remove"/> or <see cref="Clear"/>.
/// </remarks>
internal interface IShuffleService
{
    /// <summary>Declares a shuffle before its map tasks run; registering again keeps the outputs already written.</summary>
    void Register(int shuffleId, int mapPartitions, int reducePartitions);

    /// <summary>Stores the output of one map task: one bucket per reduce partition.</summary>
    void WriteMapOutput<T>(int shuffleId, int mapPartition, List<T>[] buckets);

    /// <summary>The buckets every map task wrote for <paramref name="reducePartition"/>, in map partition order.</summary>
    /// <exception cref="InvalidOperationException">A map output is missing.</exception>
    IEnumerable<List<T>> ReadBuckets<T>(int shuffleId, int reducePartition);

    /// <summary>
    /// The map partitions whose output is not there: not run yet, or lost with an executor. None when an earlier
    /// job computed them all, so the map stage is skipped.
    /// </summary>
    IReadOnlyList<int> MissingMapOutputs(int shuffleId);

    /// <summary>Drops one shuffle's outputs.</summary>
    void Remove(int shuffleId);

    /// <summary>Drops all outputs.</summary>
    void Clear();
}
