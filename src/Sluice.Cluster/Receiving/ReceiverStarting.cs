namespace Sluice.Cluster.Receiving;

/// <summary>An executor tells the driver a stream's receiver starts on it; answered with <see cref="ReceiverStartAnswer"/>.</summary>
internal sealed record ReceiverStarting(int StreamId, string ExecutorId);
