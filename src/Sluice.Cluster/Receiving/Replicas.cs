namespace Sluice.Cluster.Receiving;

/// <summary>Executors that can take copies of a receiver's blocks, in order of preference, and where each takes them.</summary>
internal sealed record Replicas(string[] Ids, string[] Addresses);
