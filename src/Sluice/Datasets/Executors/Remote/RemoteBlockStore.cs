using Sluice.Storage;

namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// An executor process's block store: partitions it caches stay here; a block it does not hold (one a receiver
/// stored on the driver) is fetched from the driver.
/// </summary>
internal sealed class RemoteBlockStore(SerializingBlockStore local, IExecutorPeers peers) : IBlockStore
{
    public SerializingBlockStore Local => local;

    public bool TryGet(BlockId id, out Array block)
    {
        if (local.TryGet(id, out block))
        {
            return true;
        }

        if (peers.Fetch(IExecutorPeers.Driver, [id.ToString()])[0] is { } encoded)
        {
            block = SerializingBlockStore.Decode(encoded, "the driver");
            return true;
        }

        return false;
    }

    public void Put(BlockId id, Array block) => local.Put(id, block);

    public void Remove(BlockId id) => local.Remove(id);

    public void RemoveRdd(int rddId) => local.RemoveRdd(rddId);

    public void Clear() => local.Clear();
}
