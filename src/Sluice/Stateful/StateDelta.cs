namespace Sluice.Stateful;

/// <summary>What one batch changed in a partition's state: keys set (with data or not) and keys removed.</summary>
internal sealed class StateDelta<TKey, TState>
    where TKey : notnull
{
    public Dictionary<TKey, StateEntry<TState>> Updated { get; } = [];

    public HashSet<TKey> Removed { get; } = [];

    /// <summary>What the batch emitted, kept with its delta so a recomputed partition returns it without calling the function again.</summary>
    public object? Output { get; set; }

    /// <summary>The key's entry as this batch has left it so far: set (true, entry), removed (true, none), or untouched (false).</summary>
    public bool TryGetChanged(TKey key, out StateEntry<TState>? entry)
    {
        if (Updated.TryGetValue(key, out var updated))
        {
            entry = updated;
            return true;
        }

        entry = null;
        return Removed.Contains(key);
    }

    public void Set(TKey key, StateEntry<TState> entry)
    {
        Updated[key] = entry;
        Removed.Remove(key);
    }

    public void Remove(TKey key)
    {
        Updated.Remove(key);
        Removed.Add(key);
    }
}
