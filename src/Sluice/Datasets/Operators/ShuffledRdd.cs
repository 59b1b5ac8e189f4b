using Sluice.Execution;

namespace Sluice.Datasets.Operators;

/// <summary>The reduce side of a shuffle without aggregation: partition <c>i</c> is every record whose key maps to <c>i</c>.</summary>
internal sealed class ShuffledRdd<TKey, TValue> : Rdd<(TKey, TValue)>
    where TKey : notnull
{
    private readonly KeyedShuffleDependency<TKey, TValue, TValue> _dependency;

    public ShuffledRdd(Rdd<(TKey, TValue)> parent, Partitioner partitioner, string operatorName)
        : base(parent.Context, operatorName)
    {
        _dependency = new KeyedShuffleDependency<TKey, TValue, TValue>(parent, partitioner, aggregator: null, mapSideCombine: false);
        _dependency.Consumer = this;
        Dependencies = [_dependency];
    }

    public override int PartitionCount => _dependency.Partitioner.PartitionCount;

    public override Partitioner Partitioner => _dependency.Partitioner;

    internal override IReadOnlyList<Dependency> Dependencies { get; }

    internal override IEnumerable<(TKey, TValue)> Compute(int partition, TaskContext context)
        => Context.Shuffles.ReadBuckets<(TKey, TValue)>(_dependency.ShuffleId, partition).SelectMany(bucket => bucket);
}
