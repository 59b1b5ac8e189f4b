namespace Sluice.Cluster.Blocks;

/// <summary>The blocks one process holds and serves to the others (its shuffle map outputs, received and cached blocks).</summary>
public interface IBlockSource
{
    /// <summary>The bytes of the block named <paramref name="blockId"/>, or false when this process does not hold it.</summary>
    bool TryGet(string blockId, out ReadOnlyMemory<byte> bytes);
}
