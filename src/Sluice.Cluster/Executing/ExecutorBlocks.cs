using Sluice.Cluster.Blocks;
using Sluice.Datasets.Executors.Remote;

namespace Sluice.Cluster.Executing;

/// <summary>What an executor serves: its shuffle buckets, cached partitions and received blocks, and the large results it holds for the driver; and the copies of other executors' received blocks it takes.</summary>
internal sealed class ExecutorBlocks(ExecutorRuntime runtime, ResultBlocks results) : IBlockSource, IBlockSink
{
    public void Put(string blockId, byte[] bytes) => runtime.PutReplica(blockId, bytes);

    public bool TryGet(string blockId, out ReadOnlyMemory<byte> bytes)
    {
        var found = results.TryTake(blockId, out var held) || runtime.TryGetBlock(blockId, out held);
        bytes = held;
        return found;
    }
}
