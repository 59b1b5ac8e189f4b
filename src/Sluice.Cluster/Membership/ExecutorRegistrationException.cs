namespace Sluice.Cluster.Membership;

/// <summary>An executor could not join its driver: the driver was not reached, or refused it (another secret, another build).</summary>
public sealed class ExecutorRegistrationException(string message) : Exception(message);
