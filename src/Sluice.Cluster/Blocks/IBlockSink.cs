namespace Sluice.Cluster.Blocks;

/// <summary>A process that takes blocks others push to it (an executor keeping the copy of another's received block).</summary>
internal interface IBlockSink
{
    /// <summary>Keeps <paramref name="bytes"/> as block <paramref name="blockId"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a block.</exception>
    void Put(string blockId, byte[] bytes);
}
