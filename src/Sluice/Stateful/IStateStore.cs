namespace Sluice.Stateful;

/// <summary>
/// Where stateful operators keep their state: one table per operator and partition, found by the operator's
/// stable identity (DESIGN.md, principle 1) rather than by object graph, so the checkpoint writer can save every
/// table and a restarted application can find each operator's state again.
/// </summary>
internal interface IStateStore
{
    /// <summary>The table of <paramref name="operatorIdentity"/>'s partition, created empty on first use.</summary>
    StateTable<TKey, TState> Table<TKey, TState>(string operatorIdentity, int partition, bool tracksIdleKeys)
        where TKey : notnull;

    /// <summary>Every table, for the checkpoint writer and metrics.</summary>
    IReadOnlyList<(string Operator, int Partition, IStateTable Table)> Tables { get; }
}
