using Sluice.Storage;

namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// An executor process's block store: partitions it caches and received blocks stored here stay here; a block it
/// does not hold is fetched from the executors that hold it, or the driver.
/// </summary>
internal sealed class RemoteBlockStore(SerializingBlockStore local, IExecutorPeers peers) : IBlockStore
{
    public SerializingBlockStore Local => local;

    public bool TryGet(BlockId id, out Array block) => TryGet(id, [], out block);

    /// <summary>
    /// A block held here, else fetched from the first of <paramref name="holders"/> that answers with it (a receiver's
    /// executor, then its replica), else from the driver.
    /// </summary>
    public bool TryGet(BlockId id, IReadOnlyList<string> holders, out Array block)
    {
        if (local.TryGet(id, out block))
        {
            return true;
        }

        foreach (var holder in holders.Append(IExecutorPeers.Driver))
        {
            byte[]? encoded;
            try
            {
                encoded = peers.Fetch(holder, [id.ToString()])[0];
            }
            catch (IOException) when (holder != IExecutorPeers.Driver)
            {
                continue; // lost since the batch was cut: the next copy
            }

            if (encoded is not null)
            {
                block = SerializingBlockStore.Decode(encoded, holder == IExecutorPeers.Driver ? "the driver" : $"executor {holder}");
                return true;
            }
        }

        return false;
    }

    public void Put(BlockId id, Array block) => local.Put(id, block);

    public void PutEncoded(BlockId id, EncodedBlock block) => local.PutEncoded(id, block);

    public void Remove(BlockId id) => local.Remove(id);

    public void RemoveRdd(int rddId) => local.RemoveRdd(rddId);

    public void Clear() => local.Clear();
}
