using Sluice.Datasets;
using Sluice.Stateful;

namespace Sluice.Streams.Operators;

/// <summary>Every key's state after each batch of a MapWithState operation.</summary>
internal sealed class StateSnapshotDStream<TKey, TState>(DStream stateful, Func<DateTimeOffset, Rdd?> batchAt, Func<StateOperator<TKey, TState>> op)
    : DStream<(TKey, TState)>(stateful.Context, "stateSnapshots")
    where TKey : notnull
{
    public override TimeSpan SlideDuration => stateful.SlideDuration;

    internal override IReadOnlyList<DStream> Dependencies => [stateful];

    internal override Rdd<(TKey, TState)>? Compute(DateTimeOffset time)
        => batchAt(time) is { } batch ? new StateSnapshotRdd<TKey, TState>(op(), batch, time) : null;
}
