using Sluice.Storage;

namespace Sluice.Datasets.Executors;

/// <summary>
/// The driver's block store when executors run the tasks: it holds what receivers store on the driver, and removing
/// a block or a dataset's partitions removes them from every executor too.
/// </summary>
internal sealed class DriverBlockStore(IBlockStore local, IExecutorFleet executors) : IBlockStore
{
    public bool TryGet(BlockId id, out Array block) => local.TryGet(id, out block);

    public void Put(BlockId id, Array block) => local.Put(id, block);

    public void PutEncoded(BlockId id, EncodedBlock block) => local.PutEncoded(id, block);

    public void Remove(BlockId id)
    {
        local.Remove(id);
        executors.RemoveBlock(id);
    }

    public void RemoveRdd(int rddId)
    {
        local.RemoveRdd(rddId);
        executors.RemoveRdd(rddId);
    }

    public void Clear()
    {
        local.Clear();
        executors.ClearBlocks();
    }
}
