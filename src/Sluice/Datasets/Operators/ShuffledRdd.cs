using Sluice.Execution;

namespace Sluice.Datasets.Operators;

/// <summary>
/// The reduce side of a shuffle without aggregation: partition <c>i</c> is every record whose key maps to <c>i</c>,
/// in key order when the shuffle has one (the map tasks sorted their buckets; this merges them).
/// </summary>
internal sealed class ShuffledRdd<TKey, TValue> : Rdd<(TKey, TValue)>
    where TKey : notnull
{
    private readonly KeyedShuffleDependency<TKey, TValue, TValue> _dependency;

    public ShuffledRdd(Rdd<(TKey, TValue)> parent, Partitioner partitioner, string operatorName, SortOrder<TKey>? keyOrder = null)
        : base(parent.Context, operatorName)
    {
        _dependency = new KeyedShuffleDependency<TKey, TValue, TValue>(parent, partitioner, aggregator: null, mapSideCombine: false, keyOrder);
        _dependency.Consumer = this;
        Dependencies = [_dependency];
    }

    public override int PartitionCount => _dependency.Partitioner.PartitionCount;

    public override Partitioner Partitioner => _dependency.Partitioner;

    internal override IReadOnlyList<Dependency> Dependencies { get; }

    internal override IEnumerable<(TKey, TValue)> Compute(int partition, TaskContext context)
    {
        var buckets = Context.Shuffles.ReadBuckets<(TKey, TValue)>(_dependency.ShuffleId, partition);
        if (_dependency.KeyOrder is not { } order)
        {
            return buckets.SelectMany(bucket => bucket);
        }

        var runs = buckets.ToArray();
        return runs.Length == 1 ? runs[0] : new SortedRunsMerge<TKey, TValue>(runs, order, this);
    }
}
