using Sluice.Datasets;
using Sluice.Execution;

namespace Sluice.Stateful;

/// <summary>
/// One window of an incremental ReduceByKeyAndWindow: per partition, the previous window's values, plus the
/// per-batch reductions entering the window, minus (by the inverse function) those leaving it.
/// </summary>
internal sealed class ReducedWindowRdd<TKey, TValue> : VersionedStateRdd<TKey, TValue, (TKey, TValue)>
    where TKey : notnull
{
    private readonly WindowFunctions<TKey, TValue> _functions;
    private readonly Rdd<(TKey, TValue)>[] _entering;
    private readonly Rdd<(TKey, TValue)>[] _leaving;

    public ReducedWindowRdd(
        StateOperator<TKey, TValue> op,
        WindowFunctions<TKey, TValue> functions,
        DateTimeOffset time,
        DateTimeOffset previousTime,
        Rdd<(TKey, TValue)>[] entering,
        Rdd<(TKey, TValue)>[] leaving,
        ReducedWindowRdd<TKey, TValue>? previous)
        : base(op, "reduceByKeyAndWindow", time, previousTime, [.. entering, .. leaving], previous)
    {
        _functions = functions;
        _entering = entering;
        _leaving = leaving;
    }

    protected override StateDelta<TKey, TValue> ComputeDelta(StateTable<TKey, TValue> table, int partition, TaskContext context)
    {
        var working = new Dictionary<TKey, TValue>();
        using (table.Read())
        {
            bool TryCurrent(TKey key, out TValue value)
            {
                if (working.TryGetValue(key, out value!))
                {
                    return true;
                }

                var found = table.TryGet(PreviousTime, key, out var entry);
                value = entry.State;
                return found;
            }

            // Entering first, as Spark does: a key new to the window may also have values leaving it (slide > 1 batch).
            foreach (var parent in _entering)
            {
                foreach (var (key, value) in parent.Iterator(partition, context))
                {
                    working[key] = TryCurrent(key, out var current) ? _functions.Reduce(current, value) : value;
                }
            }

            foreach (var parent in _leaving)
            {
                foreach (var (key, value) in parent.Iterator(partition, context))
                {
                    if (!TryCurrent(key, out var current))
                    {
                        throw new InvalidOperationException(
                            $"{Operator.Identity}: key {key} has values leaving the window but no value in it. Either the filter function removed a key whose window still held values, or the key's hash code is not stable.");
                    }

                    working[key] = _functions.Inverse(current, value);
                }
            }
        }

        var delta = new StateDelta<TKey, TValue>();
        foreach (var (key, value) in working)
        {
            if (_functions.Filter is { } keep && !keep((key, value)))
            {
                delta.Remove(key);
            }
            else
            {
                delta.Set(key, new StateEntry<TValue>(value, Time));
            }
        }

        return delta;
    }

    protected override IEnumerable<(TKey, TValue)> Output(StateTable<TKey, TValue> table, int partition)
        => table.Snapshot(Time).Select(static pair => (pair.Key, pair.Entry.State));
}
