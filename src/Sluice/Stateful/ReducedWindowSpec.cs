using Sluice.Datasets;

namespace Sluice.Stateful;

/// <summary>What every window of one incremental ReduceByKeyAndWindow operator shares.</summary>
internal sealed record ReducedWindowSpec<TKey, TValue>(
    SluiceContext Context,
    IStateStore Store,
    string Identity,
    long ZeroTicks,
    Partitioner Partitioner,
    Func<TValue, TValue, TValue> Reduce,
    Func<TValue, TValue, TValue> Inverse,
    Func<(TKey Key, TValue Value), bool>? Filter)
    where TKey : notnull
{
    public StateTable<TKey, TValue> Table(int partition) => Store.Table<TKey, TValue>(Identity, partition, tracksIdleKeys: false);
}
