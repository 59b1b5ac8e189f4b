using Sluice.Storage;

namespace Sluice.Datasets.Executors;

/// <summary>
/// An executor's block store: partitions it caches stay here; a block it does not hold (a block a receiver stored on
/// the driver) is read from the driver's store, through bytes, as a fetch from the process that holds it.
/// </summary>
internal sealed class ExecutorBlockStore(IBlockStore local, IBlockStore driver) : IBlockStore
{
    public bool TryGet(BlockId id, out Array block) => local.TryGet(id, out block) || driver.TryGet(id, out block);

    public void Put(BlockId id, Array block) => local.Put(id, block);

    public void PutEncoded(BlockId id, EncodedBlock block) => local.PutEncoded(id, block);

    public void Remove(BlockId id) => local.Remove(id);

    public void RemoveRdd(int rddId) => local.RemoveRdd(rddId);

    public void Clear() => local.Clear();
}
