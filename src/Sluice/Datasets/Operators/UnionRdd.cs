using Sluice.Execution;

namespace Sluice.Datasets.Operators;

/// <summary>Several datasets' partitions side by side: partition <c>i</c> is some parent's partition, unchanged.</summary>
internal sealed class UnionRdd<T> : Rdd<T>
{
    private readonly (Rdd<T> Parent, int Partition)[] _partitions;

    public UnionRdd(SluiceContext context, IReadOnlyList<Rdd<T>> parents)
        : base(context, "union")
    {
        _partitions = [.. parents.SelectMany(parent => Enumerable.Range(0, parent.PartitionCount).Select(p => (parent, p)))];
        Dependencies = [.. parents.Select(parent => new NarrowDependency(parent))];
    }

    public override int PartitionCount => _partitions.Length;

    internal override IReadOnlyList<Dependency> Dependencies { get; }

    internal override IEnumerable<(Rdd Parent, int Partition)> NarrowParents(int partition) => [_partitions[partition]];

    internal override IEnumerable<T> Compute(int partition, TaskContext context)
    {
        var (parent, parentPartition) = _partitions[partition];
        return parent.Iterator(parentPartition, context);
    }
}
