using System.Collections.Concurrent;

namespace Sluice.Stateful;

/// <summary>State tables kept in memory for the life of the context.</summary>
internal sealed class MemoryStateStore : IStateStore, Execution.Tasks.IResident
{
    // Tables of different key and state types side by side: typed again when asked for.
    private readonly ConcurrentDictionary<(string Operator, int Partition), object> _tables = new();

    /// <summary>One per streaming context; an executor's holds the partitions it computes.</summary>
    string Execution.Tasks.IResident.ResidentName => "state-store";

    public StateTable<TKey, TState> Table<TKey, TState>(string operatorIdentity, int partition, bool tracksIdleKeys)
        where TKey : notnull
    {
        var table = _tables.GetOrAdd((operatorIdentity, partition), _ => new StateTable<TKey, TState> { TracksIdleKeys = tracksIdleKeys });
        return table as StateTable<TKey, TState>
            ?? throw new InvalidOperationException(
                $"The state of operator {operatorIdentity} holds {table.GetType().GenericTypeArguments[0].Name} keys and {table.GetType().GenericTypeArguments[1].Name} states, not {typeof(TKey).Name} and {typeof(TState).Name}: two operators share the identity. Give each stateful operator a distinct Name(...).");
    }
}
