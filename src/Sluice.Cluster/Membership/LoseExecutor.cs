namespace Sluice.Cluster.Membership;

/// <summary>The driver learned an executor is gone before the failure detector did (its process ended): lose and down it now.</summary>
internal sealed record LoseExecutor(string ExecutorId, string Reason);
