namespace Sluice.Stateful;

/// <summary>What one batch changed in a partition's state: keys set (with data or not) and keys removed.</summary>
internal sealed class StateDelta<TKey, TState>
    where TKey : notnull
{
    public Dictionary<TKey, StateEntry<TState>> Updated { get; } = [];

    public HashSet<TKey> Removed { get; } = [];

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
