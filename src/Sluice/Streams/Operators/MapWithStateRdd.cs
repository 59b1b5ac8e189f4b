using Sluice.Datasets;
using Sluice.Execution;
using Sluice.Stateful;

namespace Sluice.Streams.Operators;

/// <summary>
/// One batch of MapWithState: the function is called for each record of the batch with its key's state, then for
/// each key that has been idle for the timeout; only those keys are read or written, so the cost follows the keys
/// touched, not the size of the state.
/// </summary>
internal sealed class MapWithStateRdd<TKey, TValue, TState, TMapped> : VersionedStateRdd<TKey, TState, TMapped>
    where TKey : notnull
{
    private readonly Rdd<(TKey, TValue)> _data;
    private readonly Func<DateTimeOffset, TKey, Optional<TValue>, State<TState>, Optional<TMapped>> _function;
    private readonly TimeSpan? _timeout;

    public MapWithStateRdd(
        StateOperator<TKey, TState> op,
        StateSpec<TKey, TValue, TState, TMapped> spec,
        DateTimeOffset time,
        DateTimeOffset previousTime,
        Rdd<(TKey, TValue)> data,
        Rdd? previous)
        : base(op, "mapWithState", time, previousTime, [data], previous)
    {
        _data = data;
        _function = spec.Function;
        _timeout = spec.IdleTimeout;
    }

    protected override StateDelta<TKey, TState> ComputeDelta(StateTable<TKey, TState> table, int partition, TaskContext context)
    {
        var delta = new StateDelta<TKey, TState>();
        var mapped = new List<TMapped>();
        var state = new State<TState>();
        var batchTime = new DateTimeOffset(Time, TimeSpan.Zero);
        using (table.Read())
        {
            foreach (var (key, value) in _data.Iterator(partition, context))
            {
                // Several records of one key in a batch see each other's updates, as in Spark.
                StateEntry<TState>? current = delta.TryGetChanged(key, out var changed) ? changed
                    : table.TryGet(PreviousTime, key, out var entry) ? entry : null;
                state.Reset(current is not null, current is { } c ? c.State : default, timingOut: false);
                Call(batchTime, key, new Optional<TValue>(value), state, mapped);
                if (state.IsRemoved)
                {
                    delta.Remove(key);
                }
                else if (state.Exists && (state.IsUpdated || Operator.TracksIdleKeys))
                {
                    // Data resets the key's idle time even when the state is unchanged.
                    delta.Set(key, new StateEntry<TState>(state.Get(), Time));
                }
            }

            if (_timeout is { } timeout)
            {
                foreach (var (key, entry) in table.IdleKeys(PreviousTime, Time - timeout.Ticks))
                {
                    if (delta.TryGetChanged(key, out _))
                    {
                        continue; // had data in this batch
                    }

                    state.Reset(exists: true, entry.State, timingOut: true);
                    Call(batchTime, key, Optional<TValue>.None, state, mapped);
                    delta.Remove(key);
                }
            }
        }

        delta.Output = mapped;
        return delta;
    }

    protected override IEnumerable<TMapped> Output(StateTable<TKey, TState> table, int partition)
        => (List<TMapped>)table.OutputOf(Time)!;

    private void Call(DateTimeOffset batchTime, TKey key, Optional<TValue> value, State<TState> state, List<TMapped> mapped)
    {
        if (_function(batchTime, key, value, state) is { HasValue: true } result)
        {
            mapped.Add(result.Value!);
        }
    }
}
