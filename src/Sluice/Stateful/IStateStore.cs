namespace Sluice.Stateful;

/// <summary>
/// Where stateful operators keep their state: one table per operator and partition, found by the operator's
/// stable identity rather than by object graph, so a checkpoint saves each operator's
/// tables and a restarted application finds them again under the same identity.
/// </summary>
internal interface IStateStore
{
    /// <summary>The table of <paramref name="operatorIdentity"/>'s partition, created empty on first use.</summary>
    StateTable<TKey, TState> Table<TKey, TState>(string operatorIdentity, int partition, bool tracksIdleKeys)
        where TKey : notnull;
}
