namespace Sluice.Cluster.Receiving;

/// <summary>An executor asks the driver where another executor serves its blocks; answered with <see cref="BlockAddress"/>.</summary>
internal sealed record GetBlockAddress(string ExecutorId);
