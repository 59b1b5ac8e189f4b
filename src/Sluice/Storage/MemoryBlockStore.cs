using System.Collections.Concurrent;

namespace Sluice.Storage;

/// <summary>Blocks kept in memory, as Spark's <c>MEMORY_ONLY</c>.</summary>
internal sealed class MemoryBlockStore : IBlockStore
{
    private readonly ConcurrentDictionary<BlockId, Array> _blocks = new();

    public bool TryGet(BlockId id, out Array block) => _blocks.TryGetValue(id, out block!);

    public void Put(BlockId id, Array block) => _blocks[id] = block;

    public void Remove(BlockId id) => _blocks.TryRemove(id, out _);

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
