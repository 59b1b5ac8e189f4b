using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Stateful;

namespace Sluice.Streams.Operators;

/// <summary>
/// ReduceByKeyAndWindow with an inverse function: each window is the previous one plus the batches entering
/// minus the batches leaving, read from the parent's cached per-batch reductions. The previous window lives in the
/// context's state store under this operator's identity.
/// </summary>
internal sealed class ReducedWindowedDStream<TKey, TValue> : DStream<(TKey, TValue)>, IStatefulStream
    where TKey : notnull
{
    private readonly DStream<(TKey, TValue)> _reduced;
    private readonly TimeSpan _window;
    private readonly TimeSpan _slide;
    private readonly Partitioner _partitioner;
    private readonly WindowFunctions<TKey, TValue> _functions;
    private StateOperator<TKey, TValue>? _operator;

    public ReducedWindowedDStream(
        DStream<(TKey, TValue)> reduced,
        TimeSpan window,
        TimeSpan slide,
        Partitioner partitioner,
        Func<TValue, TValue, TValue> reduce,
        Func<TValue, TValue, TValue> inverse,
        Func<(TKey Key, TValue Value), bool>? filter)
        : base(reduced.Context, "reduceByKeyAndWindow")
    {
        _reduced = reduced;
        _window = window;
        _slide = slide;
        _partitioner = partitioner;
        _functions = new WindowFunctions<TKey, TValue>(reduce, inverse, filter);
        reduced.Persist(StorageLevel.MemoryOnly); // batches leaving the window are read again
    }

    public override TimeSpan SlideDuration => _slide;

    internal override IReadOnlyList<DStream> Dependencies => [_reduced];

    internal override bool NeedsCheckpoint => true;

    public int PartitionCount => _partitioner.PartitionCount;

    TimeSpan IStatefulStream.CheckpointInterval => CheckpointInterval;

    public StateSnapshot SnapshotState(DateTimeOffset time, bool exact)
        => StatefulStreams.Snapshot(this, _operator, GetOrCompute, PartitionCount, tracksIdleKeys: false, time, exact);

    public void RestoreState(int partition, DateTimeOffset version, ReadOnlySpan<byte> payload)
        => StatefulStreams.Restore<TKey, TValue>(this, partition, tracksIdleKeys: false, version, payload);

    private protected override TimeSpan ParentRememberExtra => _window + _slide;

    internal override Rdd<(TKey, TValue)>? Compute(DateTimeOffset time)
    {
        var op = _operator ??= new StateOperator<TKey, TValue>(Context.SluiceContext, Context.States, Identity, ZeroTime!.Value.UtcTicks, _partitioner);
        var previousTime = time - _slide;
        var entering = _reduced.ComputeRange(previousTime, time);
        var leaving = _reduced.ComputeRange(previousTime - _window, time - _window);
        var previous = StatefulStreams.PreviousIfNeeded(this, op, previousTime) as ReducedWindowRdd<TKey, TValue>;
        return new ReducedWindowRdd<TKey, TValue>(op, _functions, time, previousTime, [.. entering], [.. leaving], previous);
    }

    internal override void ClearMetadata(DateTimeOffset time)
    {
        base.ClearMetadata(time);

        // Windows older than what this stream remembers are read by nobody: fold them into the base in place.
        _operator?.FoldUpTo(time - RememberDuration);
    }
}
