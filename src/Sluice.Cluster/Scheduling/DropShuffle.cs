namespace Sluice.Cluster.Scheduling;

/// <summary>The driver tells an executor to drop a shuffle's map outputs.</summary>
internal sealed record DropShuffle(int ShuffleId);
