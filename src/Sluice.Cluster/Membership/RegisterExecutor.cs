namespace Sluice.Cluster.Membership;

/// <summary>An executor asks the driver to take it: its slots, where it serves blocks, its build, and the proof that it knows the secret.</summary>
internal sealed record RegisterExecutor(string ExecutorId, int Slots, string BlockAddress, string Build, string SecretToken);
