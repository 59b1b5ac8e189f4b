namespace Sluice.Cluster.Receiving;

/// <summary>A receiver's executor asks the driver which executors can take copies of its blocks; answered with <see cref="Replicas"/>.</summary>
internal sealed record GetReplicas(string ExecutorId);
