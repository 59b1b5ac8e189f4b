using Sluice.Execution;

namespace Sluice.Datasets.Operators;

/// <summary>The union of datasets partitioned alike: partition <c>i</c> holds partition <c>i</c> of every parent, so the partitioning is kept.</summary>
internal sealed class PartitionerAwareUnionRdd<T> : Rdd<T>
{
    private readonly Rdd<T>[] _parents;

    public PartitionerAwareUnionRdd(SluiceContext context, Rdd<T>[] parents, Partitioner partitioner)
        : base(context, "union")
    {
        _parents = parents;
        Partitioner = partitioner;
        Dependencies = [.. parents.Select(parent => new NarrowDependency(parent))];
    }

    public override int PartitionCount => Partitioner.PartitionCount;

    public override Partitioner Partitioner { get; }

    internal override IReadOnlyList<Dependency> Dependencies { get; }

    internal override IEnumerable<T> Compute(int partition, TaskContext context)
        => _parents.SelectMany(parent => parent.Iterator(partition, context));
}
