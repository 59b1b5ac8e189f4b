namespace Sluice.Datasets;

/// <summary>The accumulators of a context by id, held weakly (one made per batch is forgotten with its batch), for merging what tasks added.</summary>
internal sealed class AccumulatorRegistry
{
    private readonly Dictionary<int, WeakReference<Accumulator>> _byId = [];
    private int _nextId;

    public int Register(Accumulator accumulator)
    {
        lock (_byId)
        {
            var id = ++_nextId;
            _byId[id] = new WeakReference<Accumulator>(accumulator);
            if (id % 64 != 0)
            {
                return id;
            }

            foreach (var dead in _byId.Where(entry => !entry.Value.TryGetTarget(out _)).Select(entry => entry.Key).ToList())
            {
                _byId.Remove(dead);
            }

            return id;
        }
    }

    /// <summary>Merges a succeeded task's additions into the driver's accumulators (those still alive).</summary>
    public void Merge(IReadOnlyDictionary<int, object> accumulated)
    {
        foreach (var (id, partial) in accumulated)
        {
            Accumulator? accumulator;
            lock (_byId)
            {
                accumulator = _byId.TryGetValue(id, out var reference) && reference.TryGetTarget(out var alive) ? alive : null;
            }

            accumulator?.Merge(partial);
        }
    }
}
