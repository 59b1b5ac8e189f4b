using Sluice.Datasets;
using Sluice.Execution;

namespace Sluice.Stateful;

/// <summary>
/// One batch of UpdateStateByKey: the update function sees every key of the partition (those in the state and
/// those with new values) and returns the new state; the dataset is the whole state after the batch, as in Spark.
/// </summary>
internal sealed class UpdateStateRdd<TKey, TValue, TState> : VersionedStateRdd<TKey, TState, (TKey, TState)>
    where TKey : notnull
{
    private readonly Rdd<(TKey, IReadOnlyList<TValue>)> _grouped;
    private readonly Func<DateTimeOffset, IEnumerable<(TKey Key, IReadOnlyList<TValue> Values, Optional<TState> State)>, IEnumerable<(TKey, TState)>> _update;

    public UpdateStateRdd(
        StateOperator<TKey, TState> op,
        Func<DateTimeOffset, IEnumerable<(TKey Key, IReadOnlyList<TValue> Values, Optional<TState> State)>, IEnumerable<(TKey, TState)>> update,
        DateTimeOffset time,
        DateTimeOffset previousTime,
        Rdd<(TKey, IReadOnlyList<TValue>)> grouped,
        Rdd? previous)
        : base(op, "updateStateByKey", time, previousTime, [grouped], previous)
    {
        _grouped = grouped;
        _update = update;
    }

    protected override StateDelta<TKey, TState> ComputeDelta(StateTable<TKey, TState> table, int partition, TaskContext context)
    {
        var previous = table.Snapshot(PreviousTime).ToDictionary(static pair => pair.Key, static pair => pair.Entry.State);
        var values = _grouped.Iterator(partition, context).ToDictionary(static pair => pair.Item1, static pair => pair.Item2);
        var items = previous.Select(pair => (pair.Key, values.TryGetValue(pair.Key, out var v) ? v : [], new Optional<TState>(pair.Value)))
            .Concat(values.Where(pair => !previous.ContainsKey(pair.Key)).Select(static pair => (pair.Key, pair.Value, Optional<TState>.None)));

        var delta = new StateDelta<TKey, TState>();
        var kept = new HashSet<TKey>();
        var comparer = EqualityComparer<TState>.Default;
        foreach (var (key, state) in _update(new DateTimeOffset(Time, TimeSpan.Zero), items))
        {
            if (!kept.Add(key))
            {
                throw new InvalidOperationException($"The update function of {Operator.Identity} returned key {key} twice for one batch.");
            }

            if (!previous.TryGetValue(key, out var old) || !comparer.Equals(old, state))
            {
                delta.Set(key, new StateEntry<TState>(state, Time));
            }
        }

        foreach (var key in previous.Keys)
        {
            if (!kept.Contains(key))
            {
                delta.Remove(key);
            }
        }

        return delta;
    }

    protected override IEnumerable<(TKey, TState)> Output(StateTable<TKey, TState> table, int partition)
        => table.Snapshot(Time).Select(static pair => (pair.Key, pair.Entry.State));
}
