using System.Collections.Concurrent;

namespace Sluice.Storage;

/// <summary>Blocks by id, in whatever form a store keeps them (records, or their bytes), for any number of threads.</summary>
/// <typeparam name="TBlock">What the store keeps per block.</typeparam>
internal sealed class BlockTable<TBlock>
{
    private readonly ConcurrentDictionary<BlockId, TBlock> _blocks = new();

    public bool TryGet(BlockId id, out TBlock block) => _blocks.TryGetValue(id, out block!);

    public void Put(BlockId id, TBlock block) => _blocks[id] = block;

    public void Remove(BlockId id) => _blocks.TryRemove(id, out _);

    /// <summary>Removes the cached partitions of one dataset.</summary>
    public void RemoveRdd(int rddId)
    {
        foreach (var id in _blocks.Keys)
        {
            if (id.Kind == BlockKind.Rdd && id.Owner == rddId)
            {
                _blocks.TryRemove(id, out _);
            }
        }
    }

    public void Clear() => _blocks.Clear();
}
