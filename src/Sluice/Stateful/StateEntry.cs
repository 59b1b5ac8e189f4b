namespace Sluice.Stateful;

/// <summary>A key's state and the batch time (in ticks) its key last had data, for timeouts.</summary>
internal readonly record struct StateEntry<TState>(TState State, long LastDataTicks);
