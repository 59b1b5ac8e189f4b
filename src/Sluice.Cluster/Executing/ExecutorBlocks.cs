using Sluice.Cluster.Blocks;
using Sluice.Datasets.Executors.Remote;

namespace Sluice.Cluster.Executing;

/// <summary>What an executor serves: its shuffle buckets and cached partitions, and the large results it holds for the driver.</summary>
internal sealed class ExecutorBlocks(ExecutorRuntime runtime, ResultBlocks results) : IBlockSource
{
    public bool TryGet(string blockId, out ReadOnlyMemory<byte> bytes)
    {
        var found = results.TryTake(blockId, out var held) || runtime.TryGetBlock(blockId, out held);
        bytes = held;
        return found;
    }
}
