using Sluice.Datasets;
using Sluice.Execution;
using Sluice.Serialization;

namespace Sluice.Stateful;

/// <summary>
/// Each partition's state after one batch, serialized where it is kept: what a checkpoint saves of an operator whose
/// state lives on executor processes. Its tasks run on the executors holding the partitions, as the batch's did.
/// </summary>
internal sealed class StateSaveRdd<TKey, TState> : Rdd<byte[]>
    where TKey : notnull
{
    private readonly StateOperator<TKey, TState> _operator;
    private readonly Rdd _batch;
    private readonly long _time;

    public StateSaveRdd(StateOperator<TKey, TState> op, Rdd batch, DateTimeOffset time)
        : base(op.Context, "saveState")
    {
        _operator = op;
        _batch = batch;
        _time = time.UtcTicks;
        Dependencies = [new NarrowDependency(batch)];
    }

    public override int PartitionCount => _operator.Partitioner.PartitionCount;

    internal override IReadOnlyList<Dependency> Dependencies { get; }

    internal override IEnumerable<byte[]> Compute(int partition, TaskContext context)
    {
        var table = _operator.Table(partition);
        table.Pin(); // no fold moves the base past the version read from here on
        try
        {
            if (!table.HasVersion(_time))
            {
                _batch.RunPartition(partition, context); // commits it (an executor lost since, or no output computed it)
            }

            return [StateTableSerializer.Write(table, _time, RecordCodecs.Default<TKey>(), RecordCodecs.Default<TState>())];
        }
        finally
        {
            table.Unpin();
        }
    }
}
