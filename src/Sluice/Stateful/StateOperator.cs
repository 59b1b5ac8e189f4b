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

    /// <summary>Whether every partition has committed the version of <paramref name="time"/>.</summary>
    public bool HasVersion(DateTimeOffset time)
        => Enumerable.Range(0, Partitioner.PartitionCount).All(p => Table(p).HasVersion(time.UtcTicks));

    /// <summary>Folds versions nobody reads any more into each table's base.</summary>
    public void FoldUpTo(DateTimeOffset time, long idleHandledBefore = long.MinValue)
    {
        for (var p = 0; p < Partitioner.PartitionCount; p++)
        {
            Table(p).FoldUpTo(time.UtcTicks, idleHandledBefore);
        }
    }
}
