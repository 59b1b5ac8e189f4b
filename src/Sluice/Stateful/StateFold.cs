namespace Sluice.Stateful;

/// <summary>A fold of a state table: versions up to <paramref name="Version"/> into its base, idle-key records before <paramref name="IdleHandledBefore"/> dropped.</summary>
internal sealed record StateFold(long Version, long IdleHandledBefore);
