namespace Sluice.Cluster.Membership;

/// <summary>The driver refused the executor, and why, in words for both logs.</summary>
internal sealed record ExecutorRefused(string Reason);
