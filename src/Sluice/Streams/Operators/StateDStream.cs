using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Stateful;

namespace Sluice.Streams.Operators;

/// <summary>UpdateStateByKey: the whole state after each batch, kept in the state store under this operator's identity.</summary>
internal sealed class StateDStream<TKey, TValue, TState>(
    DStream<(TKey, TValue)> parent,
    Func<DateTimeOffset, IEnumerable<(TKey Key, IReadOnlyList<TValue> Values, Optional<TState> State)>, IEnumerable<(TKey, TState)>> update,
    Partitioner partitioner,
    Rdd<(TKey, TState)>? initial)
    : DStream<(TKey, TState)>(parent.Context, "updateStateByKey"), IStatefulStream
    where TKey : notnull
{
    private StateOperator<TKey, TState>? _operator;

    public override TimeSpan SlideDuration => parent.SlideDuration;

    internal override IReadOnlyList<DStream> Dependencies => [parent];

    internal override bool NeedsCheckpoint => true;

    public int PartitionCount => partitioner.PartitionCount;

    TimeSpan IStatefulStream.CheckpointInterval => CheckpointInterval;

    public StateSnapshot SnapshotState(DateTimeOffset time, bool exact)
        => StatefulStreams.Snapshot(this, _operator, GetOrCompute, PartitionCount, tracksIdleKeys: false, time, exact);

    public void RestoreState(int partition, DateTimeOffset version, ReadOnlySpan<byte> payload)
        => StatefulStreams.Restore<TKey, TState>(this, partition, tracksIdleKeys: false, version, payload);

    internal override Rdd<(TKey, TState)>? Compute(DateTimeOffset time)
    {
        var op = _operator ??= StatefulStreams.CreateOperator(this, partitioner, initial, tracksIdleKeys: false);
        var data = parent.GetOrCompute(time) ?? Context.SluiceContext.EmptyRdd<(TKey, TValue)>();
        var previousTime = time - SlideDuration;
        return new UpdateStateRdd<TKey, TValue, TState>(
            op, update, time, previousTime, data.GroupByKey(partitioner), StatefulStreams.PreviousIfNeeded(this, op, previousTime));
    }

    internal override void ClearMetadata(DateTimeOffset time)
    {
        base.ClearMetadata(time);
        StatefulStreams.Fold(this, _operator, time, timeout: null);
    }
}
