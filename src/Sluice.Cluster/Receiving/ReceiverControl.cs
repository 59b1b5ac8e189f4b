namespace Sluice.Cluster.Receiving;

/// <summary>The driver to a receiver on an executor: a new rate (records per second), or the stop.</summary>
internal sealed record ReceiverControl(int StreamId, double Rate, bool Stop);
