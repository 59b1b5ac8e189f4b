using Sluice.Execution;
using Sluice.Storage;

namespace Sluice.Datasets.Operators;

/// <summary>A batch of received records: one partition per block, read from the block store.</summary>
/// <param name="context">The context.</param>
/// <param name="blocks">The blocks, one per partition.</param>
/// <param name="holders">Per block, the executors that hold it (a receiver's on an executor process, and its replica); none when the driver does.</param>
internal sealed class BlockRdd<T>(SluiceContext context, IReadOnlyList<BlockId> blocks, IReadOnlyList<string[]>? holders = null) : Rdd<T>(context, "receivedBlocks"), IPlacedRdd
{
    public IReadOnlyList<BlockId> Blocks { get; } = blocks;

    /// <summary>Per block, the executors holding a copy; null when the driver holds them all.</summary>
    public IReadOnlyList<string[]>? Holders { get; } = holders;

    public override int PartitionCount => Blocks.Count;

    internal override IReadOnlyList<Dependency> Dependencies => [];

    public PartitionKey? PlacementOf(int partition) => null;

    public IReadOnlyList<string> PreferredExecutors(int partition) => Holders?[partition] ?? [];

    internal override IEnumerable<T> Compute(int partition, TaskContext context)
    {
        var id = Blocks[partition];
        if (Context.Blocks is Executors.Remote.RemoteBlockStore remote && Holders is { } holders)
        {
            return remote.TryGet(id, holders[partition], out var fetched)
                ? (T[])fetched
                : throw new InvalidOperationException(
                    $"Received block {id} of this batch is gone, and its records with it: no executor that held a copy ({string.Join(", ", holders[partition])}) has it any more. " +
                    "A block is kept on two executors until its batch is forgotten; both were lost (or the batch was forgotten).");
        }

        return Context.Blocks.TryGetRecords<T>(id, out var records)
            ? records
            : throw new InvalidOperationException(
                $"Received block {id} of this batch is no longer in the block store, so its records are lost. " +
                "Blocks are dropped once their batch is forgotten; a dataset of a received batch cannot be read after that.");
    }

    /// <summary>Drops the blocks from the store: called when the batch is forgotten.</summary>
    public void RemoveBlocks()
    {
        foreach (var block in Blocks)
        {
            Context.Blocks.Remove(block);
        }
    }
}
