namespace Sluice.Cluster.Receiving;

/// <summary>The driver to an executor: drop these received blocks, their batch is forgotten.</summary>
internal sealed record DropBlocks(string[] BlockIds);
