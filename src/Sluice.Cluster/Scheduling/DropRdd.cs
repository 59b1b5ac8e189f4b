namespace Sluice.Cluster.Scheduling;

/// <summary>The driver tells an executor to drop a dataset's cached partitions.</summary>
internal sealed record DropRdd(int RddId);
