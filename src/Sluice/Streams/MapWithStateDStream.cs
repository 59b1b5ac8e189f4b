using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Stateful;
using Sluice.Streams.Operators;

namespace Sluice.Streams;

/// <summary>
/// The records a <see cref="PairDStreamExtensions.MapWithState{TKey, TValue, TState, TMapped}"/> function returned,
/// batch by batch; <see cref="StateSnapshots"/> gives every key's state after each batch.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <typeparam name="TState">The state type.</typeparam>
/// <typeparam name="TMapped">The type of what the function returns.</typeparam>
public sealed class MapWithStateDStream<TKey, TValue, TState, TMapped> : DStream<TMapped>, IStatefulStream
    where TKey : notnull
{
    private readonly DStream<(TKey, TValue)> _parent;
    private readonly StateSpec<TKey, TValue, TState, TMapped> _spec;
    private StateOperator<TKey, TState>? _operator;

    private readonly Partitioner _partitioner;

    internal MapWithStateDStream(DStream<(TKey, TValue)> parent, StateSpec<TKey, TValue, TState, TMapped> spec)
        : base(parent.Context, "mapWithState")
    {
        _parent = parent;
        _spec = spec;
        _partitioner = spec.ResolvePartitioner(Context.SluiceContext);
    }

    /// <inheritdoc/>
    public override TimeSpan SlideDuration => _parent.SlideDuration;

    internal override IReadOnlyList<DStream> Dependencies => [_parent];

    internal override bool NeedsCheckpoint => true;

    int IStatefulStream.PartitionCount => _partitioner.PartitionCount;

    TimeSpan IStatefulStream.CheckpointInterval => CheckpointInterval;

    internal StateOperator<TKey, TState> Operator
        => _operator ??= StatefulStreams.CreateOperator(this, _partitioner, _spec.Initial, TracksIdleKeys);

    private bool TracksIdleKeys => _spec.IdleTimeout is not null;

    /// <summary>Every key's state after each batch.</summary>
    public DStream<(TKey, TState)> StateSnapshots() => new StateSnapshotDStream<TKey, TState>(this, GetOrCompute, () => Operator);

    StateSnapshot IStatefulStream.SnapshotState(DateTimeOffset time, bool exact)
        => StatefulStreams.Snapshot(this, _operator, GetOrCompute, _partitioner.PartitionCount, TracksIdleKeys, time, exact);

    void IStatefulStream.RestoreState(int partition, DateTimeOffset version, ReadOnlySpan<byte> payload)
        => StatefulStreams.Restore<TKey, TState>(this, partition, TracksIdleKeys, version, payload);

    internal override Rdd<TMapped>? Compute(DateTimeOffset time)
    {
        var op = Operator;
        var data = _parent.GetOrCompute(time) ?? Context.SluiceContext.EmptyRdd<(TKey, TValue)>();
        var previousTime = time - SlideDuration;
        return new MapWithStateRdd<TKey, TValue, TState, TMapped>(
            op, _spec, time, previousTime, data.PartitionBy(op.Partitioner), StatefulStreams.PreviousIfNeeded(this, op, previousTime));
    }

    internal override void ClearMetadata(DateTimeOffset time)
    {
        base.ClearMetadata(time);
        StatefulStreams.Fold(this, _operator, time, _spec.IdleTimeout);
    }
}
