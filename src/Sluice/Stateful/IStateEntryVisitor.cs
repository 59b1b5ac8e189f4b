namespace Sluice.Stateful;

/// <summary>
/// Receives the entries of one state version. A struct implementing it lets the JIT specialize the walk over a
/// million entries, where a delegate would cost an indirect call per entry.
/// </summary>
internal interface IStateEntryVisitor<TKey, TState>
{
    void Visit(TKey key, StateEntry<TState> entry);
}
