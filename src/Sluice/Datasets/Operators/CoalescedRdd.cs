using Sluice.Execution;

namespace Sluice.Datasets.Operators;

/// <summary>Fewer partitions without a shuffle: partition <c>i</c> concatenates a contiguous run of parent partitions.</summary>
internal sealed class CoalescedRdd<T> : Rdd<T>
{
    private readonly Rdd<T> _parent;
    private readonly int _partitions;

    public CoalescedRdd(Rdd<T> parent, int partitions)
        : base(parent.Context, "coalesce")
    {
        _parent = parent;
        _partitions = Math.Min(partitions, parent.PartitionCount);
        Dependencies = [new NarrowDependency(parent)];
    }

    public override int PartitionCount => _partitions;

    internal override IReadOnlyList<Dependency> Dependencies { get; }

    internal override IEnumerable<(Rdd Parent, int Partition)> NarrowParents(int partition)
        => ParentRange(partition).Select(p => ((Rdd)_parent, p));

    internal override IEnumerable<T> Compute(int partition, TaskContext context)
    {
        foreach (var p in ParentRange(partition))
        {
            foreach (var item in _parent.Iterator(p, context))
            {
                yield return item;
            }
        }
    }

    /// <summary>The contiguous run of parent partitions that partition <paramref name="partition"/> concatenates.</summary>
    private IEnumerable<int> ParentRange(int partition)
    {
        var parents = _parent.PartitionCount;
        var start = (int)((long)partition * parents / _partitions);
        var end = (int)((long)(partition + 1) * parents / _partitions);
        return Enumerable.Range(start, end - start);
    }
}
