using Sluice.Datasets;

namespace Sluice.Stateful;

/// <summary>What every batch of one stateful operator shares: where its state lives and how it is partitioned.</summary>
/// <param name="Context">The dataset context.</param>
/// <param name="Store">The context's state store.</param>
/// <param name="Identity">The operator's stable identity, the key of its state.</param>
/// <param name="ZeroTicks">The time before the first batch: the version the initial state has.</param>
/// <param name="Partitioner">How keys are spread over the state's partitions.</param>
/// <param name="InitialState">The state before the first batch, already partitioned by <paramref name="Partitioner"/>.</param>
/// <param name="TracksIdleKeys">Whether keys time out, so the tables record when keys had data.</param>
internal sealed record StateOperator<TKey, TState>(
    SluiceContext Context,
    IStateStore Store,
    string Identity,
    long ZeroTicks,
    Partitioner Partitioner,
    Rdd<(TKey, TState)>? InitialState = null,
    bool TracksIdleKeys = false)
    where TKey : notnull
{
    public StateTable<TKey, TState> Table(int partition) => Store.Table<TKey, TState>(Identity, partition, TracksIdleKeys);

    /// <summary>
    /// On executor processes, the newest fold the driver asked for: each partition's task applies it to its table
    /// after committing (the driver holds no tables there). It travels with the batch's tasks.
    /// </summary>
    public StateFold? PendingFold { get; private set; }

    /// <summary>Whether every partition has committed the version of <paramref name="time"/> (on executor processes: holds it, or saved it).</summary>
    public bool HasVersion(DateTimeOffset time)
        => Context.Remote is { } remote
            ? Enumerable.Range(0, Partitioner.PartitionCount).All(p => remote.States.Holds(Identity, p, time.UtcTicks))
            : Enumerable.Range(0, Partitioner.PartitionCount).All(p => Table(p).HasVersion(time.UtcTicks));

    /// <summary>Folds versions nobody reads any more into each table's base.</summary>
    public void FoldUpTo(DateTimeOffset time, long idleHandledBefore = long.MinValue)
    {
        if (Context.Remote is not null)
        {
            PendingFold = new StateFold(time.UtcTicks, idleHandledBefore);
            return;
        }

        for (var p = 0; p < Partitioner.PartitionCount; p++)
        {
            Table(p).FoldUpTo(time.UtcTicks, idleHandledBefore);
        }
    }
}
