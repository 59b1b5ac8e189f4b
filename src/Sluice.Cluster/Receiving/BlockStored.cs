namespace Sluice.Cluster.Receiving;

/// <summary>An executor's receiver stored a block on <paramref name="Holders"/>; the driver answers <see cref="BlockTaken"/> once its tracker has it.</summary>
internal sealed record BlockStored(int StreamId, long Sequence, int Records, string[] Holders);
