using Sluice.Execution;
using Sluice.Storage;

namespace Sluice.Datasets.Operators;

/// <summary>A batch of received records: one partition per block, read from the block store.</summary>
internal sealed class BlockRdd<T>(SluiceContext context, IReadOnlyList<BlockId> blocks) : Rdd<T>(context, "receivedBlocks")
{
    public IReadOnlyList<BlockId> Blocks { get; } = blocks;

    public override int PartitionCount => Blocks.Count;

    internal override IReadOnlyList<Dependency> Dependencies => [];

    internal override IEnumerable<T> Compute(int partition, TaskContext context)
        => Context.Blocks.TryGet(Blocks[partition], out var block)
            ? (T[])block
            : throw new InvalidOperationException(
                $"Received block {Blocks[partition]} of this batch is no longer in the block store, so its records are lost. " +
                "Blocks are dropped once their batch is forgotten; a dataset of a received batch cannot be read after that.");

    /// <summary>Drops the blocks from the store: called when the batch is forgotten.</summary>
    public void RemoveBlocks()
    {
        foreach (var block in Blocks)
        {
            Context.Blocks.Remove(block);
        }
    }
}
