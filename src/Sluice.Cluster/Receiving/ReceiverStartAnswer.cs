namespace Sluice.Cluster.Receiving;

/// <summary>The driver's answer to <see cref="ReceiverStarting"/>.</summary>
/// <param name="FirstSequence">The first block number the receiver uses.</param>
/// <param name="Replicas">The executors to copy its blocks to, in order of preference.</param>
/// <param name="ReplicaAddresses">Where each of <paramref name="Replicas"/> serves and takes blocks.</param>
/// <param name="Rate">Back-pressure's last rate in records per second; 0 when none.</param>
internal sealed record ReceiverStartAnswer(long FirstSequence, string[] Replicas, string[] ReplicaAddresses, double Rate);
