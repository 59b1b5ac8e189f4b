using Sluice.Datasets;
using Sluice.Scheduling;

namespace Sluice.Stateful;

/// <summary>
/// One window of an incremental ReduceByKeyAndWindow: per partition, the previous window's values, plus the
/// per-batch reductions entering the window, minus (by the inverse function) those leaving it. The result is
/// committed to the operator's state table, so the next window starts from it without any lineage.
/// </summary>
internal sealed class ReducedWindowRdd<TKey, TValue> : Rdd<(TKey, TValue)>
    where TKey : notnull
{
    private readonly ReducedWindowSpec<TKey, TValue> _spec;
    private readonly long _time;
    private readonly long _previousTime;
    private readonly Rdd<(TKey, TValue)>[] _entering;
    private readonly Rdd<(TKey, TValue)>[] _leaving;
    private readonly ReducedWindowRdd<TKey, TValue>? _previous;

    public ReducedWindowRdd(
        ReducedWindowSpec<TKey, TValue> spec,
        DateTimeOffset time,
        DateTimeOffset previousTime,
        Rdd<(TKey, TValue)>[] entering,
        Rdd<(TKey, TValue)>[] leaving,
        ReducedWindowRdd<TKey, TValue>? previous)
        : base(spec.Context, "reduceByKeyAndWindow")
    {
        _spec = spec;
        _time = time.UtcTicks;
        _previousTime = previousTime.UtcTicks;
        _entering = entering;
        _leaving = leaving;
        _previous = previous;
        Dependencies = [.. entering.Concat(leaving).Concat(previous is null ? [] : [previous]).Select(parent => new NarrowDependency(parent))];
    }

    public override int PartitionCount => _spec.Partitioner.PartitionCount;

    public override Partitioner Partitioner => _spec.Partitioner;

    internal override IReadOnlyList<Dependency> Dependencies { get; }

    internal override IEnumerable<(TKey, TValue)> Compute(int partition, TaskContext context)
    {
        var table = _spec.Table(partition);
        if (!table.HasVersion(_time))
        {
            EnsurePrevious(table, partition, context);
            table.Commit(_previousTime, _time, Delta(table, partition, context));
        }

        return table.Snapshot(_time).Select(static pair => (pair.Key, pair.Entry.State));
    }

    private void EnsurePrevious(StateTable<TKey, TValue> table, int partition, TaskContext context)
    {
        if (_previousTime <= _spec.ZeroTicks)
        {
            table.Initialize(_spec.ZeroTicks, []);
        }
        else if (!table.HasVersion(_previousTime))
        {
            if (_previous is null)
            {
                throw new InvalidOperationException(
                    $"The window of {_spec.Identity} ending {new DateTimeOffset(_previousTime, TimeSpan.Zero):O} is no longer kept, so the next window cannot be computed from it.");
            }

            foreach (var _ in _previous.Iterator(partition, context))
            {
                // Computing the previous window commits it to the table.
            }
        }
    }

    private StateDelta<TKey, TValue> Delta(StateTable<TKey, TValue> table, int partition, TaskContext context)
    {
        var working = new Dictionary<TKey, (TValue Value, bool Present)>();
        using (table.Read())
        {
            (TValue Value, bool Present) Current(TKey key)
            {
                if (!working.TryGetValue(key, out var current))
                {
                    current = table.TryGet(_previousTime, key, out var entry) ? (entry.State, true) : (default!, false);
                }

                return current;
            }

            // Entering first, as Spark does: a key new to the window may also have values leaving it (slide > 1 batch).
            foreach (var parent in _entering)
            {
                foreach (var (key, value) in parent.Iterator(partition, context))
                {
                    var current = Current(key);
                    working[key] = (current.Present ? _spec.Reduce(current.Value, value) : value, true);
                }
            }

            foreach (var parent in _leaving)
            {
                foreach (var (key, value) in parent.Iterator(partition, context))
                {
                    var current = Current(key);
                    if (!current.Present)
                    {
                        throw new InvalidOperationException(
                            $"{_spec.Identity}: key {key} has values leaving the window but no value in it. Either the filter function removed a key whose window still held values, or the key's hash code is not stable.");
                    }

                    working[key] = (_spec.Inverse(current.Value, value), true);
                }
            }
        }

        var delta = new StateDelta<TKey, TValue>();
        foreach (var (key, (value, _)) in working)
        {
            if (_spec.Filter is { } keep && !keep((key, value)))
            {
                delta.Remove(key);
            }
            else
            {
                delta.Set(key, new StateEntry<TValue>(value, _time));
            }
        }

        return delta;
    }
}
