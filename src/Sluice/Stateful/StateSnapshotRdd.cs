using Sluice.Datasets;
using Sluice.Execution;

namespace Sluice.Stateful;

/// <summary>Every key's state after one batch of a MapWithState operation.</summary>
internal sealed class StateSnapshotRdd<TKey, TState> : Rdd<(TKey, TState)>
    where TKey : notnull
{
    private readonly StateOperator<TKey, TState> _operator;
    private readonly Rdd _batch;
    private readonly long _time;

    public StateSnapshotRdd(StateOperator<TKey, TState> op, Rdd batch, DateTimeOffset time)
        : base(op.Context, "stateSnapshots")
    {
        _operator = op;
        _batch = batch;
        _time = time.UtcTicks;
        Dependencies = [new NarrowDependency(batch)];
    }

    public override int PartitionCount => _operator.Partitioner.PartitionCount;

    public override Partitioner Partitioner => _operator.Partitioner;

    internal override IReadOnlyList<Dependency> Dependencies { get; }

    internal override IEnumerable<(TKey, TState)> Compute(int partition, TaskContext context)
    {
        _batch.RunPartition(partition, context); // commits the batch's version if no other output has
        return _operator.Table(partition).Snapshot(_time).Select(static pair => (pair.Key, pair.Entry.State));
    }
}
