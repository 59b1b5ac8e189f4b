using Sluice.Storage;

namespace Sluice.Datasets.Executors;

/// <summary>
/// The driver's block store under a <c>local-executors</c> master: it holds what receivers store on the driver, and
/// removing a block or a dataset's partitions removes them from every executor too.
/// </summary>
internal sealed class DriverBlockStore(IBlockStore local, ExecutorCluster cluster) : IBlockStore
{
    public bool TryGet(BlockId id, out Array block) => local.TryGet(id, out block);

    public void Put(BlockId id, Array block) => local.Put(id, block);

    public void Remove(BlockId id)
    {
        local.Remove(id);
        foreach (var node in cluster.Nodes)
        {
            node.Context.Blocks.Remove(id);
        }
    }

    public void RemoveRdd(int rddId)
    {
        local.RemoveRdd(rddId);
        foreach (var node in cluster.Nodes)
        {
            node.Context.Blocks.RemoveRdd(rddId);
        }
    }

    public void Clear()
    {
        local.Clear();
        foreach (var node in cluster.Nodes)
        {
            node.Context.Blocks.Clear();
        }
    }
}
