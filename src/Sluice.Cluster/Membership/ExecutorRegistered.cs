namespace Sluice.Cluster.Membership;

/// <summary>The driver took the executor.</summary>
internal sealed record ExecutorRegistered(string ExecutorId);
