namespace Sluice.Cluster.Receiving;

/// <summary>Where an executor serves its blocks; null once the driver has lost it.</summary>
internal sealed record BlockAddress(string ExecutorId, string? Address);
