using Sluice.Datasets.Operators;
using Sluice.Execution;
using Sluice.Storage;

namespace Sluice.Datasets;

/// <summary>
/// An immutable, partitioned, lazily evaluated dataset of <typeparamref name="T"/>: the unit of work of one
/// batch. Transformations return new datasets and run nothing; actions run a job and return a result.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
/// <remarks>
/// Partitions are computed by tasks on the context's workers. Functions passed to transformations run inside
/// tasks, possibly several times (a failed task is retried from the lineage) and on several threads at once, so
/// they must not depend on shared mutable state. Actions may only be called from driver code, never inside a task.
/// </remarks>
public abstract partial class Rdd<T> : Rdd
{
    private protected Rdd(SluiceContext context, string operatorName)
        : base(context, operatorName)
    {
    }

    /// <summary>Computes one partition from the parents; called by tasks, never by the driver.</summary>
    internal abstract IEnumerable<T> Compute(int partition, TaskContext context);

    /// <summary>The records of one partition: from the block store when cached, otherwise computed.</summary>
    internal sealed override void RunPartition(int partition, TaskContext context)
    {
        foreach (var _ in Iterator(partition, context))
        {
        }
    }

    internal IEnumerable<T> Iterator(int partition, TaskContext context)
    {
        if (StorageLevel == StorageLevel.None)
        {
            return Compute(partition, context);
        }

        var block = BlockId.ForRdd(Id, partition);
        if (Context.Blocks.TryGet(block, out var stored))
        {
            return (T[])stored;
        }

        // Two tasks may compute the same block concurrently; both results are equal, so the last write wins.
        var records = Compute(partition, context).ToArray();
        Context.Blocks.Put(block, records);
        return records;
    }

    /// <summary>
    /// Pushes the records of one partition into <paramref name="sink"/>. Narrow per-record operators override it
    /// to wrap the sink and push from their parent, so a pipeline ending in an aggregation runs as nested calls
    /// rather than stacked enumerators. The default enumerates <see cref="Iterator"/>, which honours the cache.
    /// </summary>
    internal virtual void Push(int partition, TaskContext context, RecordSink<T> sink)
    {
        foreach (var record in Iterator(partition, context))
        {
            sink.Push(record);
        }
    }

    /// <summary>Gives the dataset a name, shown in errors and in <see cref="Rdd.ToDebugString"/>.</summary>
    /// <param name="name">A short, human-readable name.</param>
    /// <returns>This dataset.</returns>
    public Rdd<T> SetName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        return this;
    }

    /// <summary>Keeps partitions in memory once computed, as <see cref="Persist"/> with <see cref="StorageLevel.MemoryOnly"/>.</summary>
    /// <returns>This dataset.</returns>
    public Rdd<T> Cache() => Persist(StorageLevel.MemoryOnly);

    /// <summary>Sets how computed partitions are kept for later jobs.</summary>
    /// <param name="level">The storage level.</param>
    /// <returns>This dataset.</returns>
    public Rdd<T> Persist(StorageLevel level)
    {
        if (!Enum.IsDefined(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown storage level.");
        }

        StorageLevel = level;
        return this;
    }

    /// <summary>Runs <paramref name="func"/> over the given partitions (all when <see langword="null"/>) and returns one result per partition.</summary>
    internal TResult[] RunJob<TResult>(
        string action, Func<TaskContext, IEnumerable<T>, TResult> func, IReadOnlyList<int>? partitions = null)
        => Context.Scheduler.RunJob(this, action, func, partitions ?? Enumerable.Range(0, PartitionCount).ToArray());
}
