namespace Sluice.Stateful;

/// <summary>What the state store needs of a partition's state, whatever its key and state types.</summary>
internal interface IStateTable
{
    /// <summary>How many keys the oldest version kept holds.</summary>
    int BaseCount { get; }

    /// <summary>Folds every version up to <paramref name="time"/> (ticks) into the oldest one kept.</summary>
    void FoldUpTo(long time, long idleHandledBefore);
}
