namespace Sluice.Cluster.Receiving;

/// <summary>The driver's acknowledgement of <see cref="BlockStored"/>.</summary>
internal sealed record BlockTaken(int StreamId, long Sequence);
