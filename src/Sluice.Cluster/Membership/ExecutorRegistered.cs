namespace Sluice.Cluster.Membership;

/// <summary>The driver took the executor, and says where it serves its own blocks (stage binaries, received blocks); null when it serves none.</summary>
internal sealed record ExecutorRegistered(string ExecutorId, string? DriverBlockAddress);
