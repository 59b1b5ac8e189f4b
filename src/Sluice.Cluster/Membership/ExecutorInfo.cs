namespace Sluice.Cluster.Membership;

/// <summary>An executor the driver took: its id, its task slots, where it serves its blocks, and its cluster address.</summary>
/// <param name="Id">The id it registered with, unique in the application.</param>
/// <param name="Slots">How many tasks it runs at once.</param>
/// <param name="BlockAddress">Where its block server listens.</param>
/// <param name="Address">Its Akka.Cluster address (<c>akka.tcp://sluice@HOST:PORT</c>).</param>
public sealed record ExecutorInfo(string Id, int Slots, Uri BlockAddress, string Address);
