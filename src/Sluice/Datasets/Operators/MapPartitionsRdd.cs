using Sluice.Execution;

namespace Sluice.Datasets.Operators;

/// <summary>
/// The narrow one-to-one operator: partition <c>i</c> is a function of the parent's partition <c>i</c>. Map,
/// filter, flatMap, mapPartitions, glom and the value-only pair operations are all instances.
/// </summary>
internal sealed class MapPartitionsRdd<T, TResult> : Rdd<TResult>
{
    private readonly Rdd<T> _parent;
    private readonly Func<int, IEnumerable<T>, Rdd, IEnumerable<TResult>> _compute;
    private readonly bool _preservesPartitioning;
    private readonly Func<RecordSink<TResult>, RecordSink<T>>? _wrapSink;

    /// <param name="parent">The dataset read.</param>
    /// <param name="operatorName">Spark's name for the operation, used in errors and identities.</param>
    /// <param name="compute">Partition index, parent records, and this dataset (to tag errors) to records.</param>
    /// <param name="preservesPartitioning">Whether keys stay in their partitions, so the parent's partitioner still holds.</param>
    /// <param name="wrapSink">For per-record operators: the same work as <paramref name="compute"/> in push form (see <see cref="Push"/>).</param>
    public MapPartitionsRdd(
        Rdd<T> parent,
        string operatorName,
        Func<int, IEnumerable<T>, Rdd, IEnumerable<TResult>> compute,
        bool preservesPartitioning = false,
        Func<RecordSink<TResult>, RecordSink<T>>? wrapSink = null)
        : base(parent.Context, operatorName)
    {
        _parent = parent;
        _compute = compute;
        _preservesPartitioning = preservesPartitioning;
        _wrapSink = wrapSink;
        Dependencies = [new NarrowDependency(parent)];
    }

    public override int PartitionCount => _parent.PartitionCount;

    public override Partitioner? Partitioner => _preservesPartitioning ? _parent.Partitioner : null;

    internal override IReadOnlyList<Dependency> Dependencies { get; }

    internal override IEnumerable<TResult> Compute(int partition, TaskContext context)
        => _compute(partition, _parent.Iterator(partition, context), this);

    internal override void Push(int partition, TaskContext context, RecordSink<TResult> sink)
    {
        // A persisted dataset must go through its cache; only a plain per-record operator fuses into its parent.
        if (_wrapSink is null || StorageLevel != StorageLevel.None)
        {
            base.Push(partition, context, sink);
            return;
        }

        _parent.Push(partition, context, _wrapSink(sink));
    }
}
