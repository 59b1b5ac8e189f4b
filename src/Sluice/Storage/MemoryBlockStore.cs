namespace Sluice.Storage;

/// <summary>Blocks kept in memory, as Spark's <c>MEMORY_ONLY</c>.</summary>
internal sealed class MemoryBlockStore : IBlockStore
{
    private readonly BlockTable<Array> _blocks = new();

    public bool TryGet(BlockId id, out Array block) => _blocks.TryGet(id, out block);

    public void Put(BlockId id, Array block) => _blocks.Put(id, block);

    public void Remove(BlockId id) => _blocks.Remove(id);

    public void RemoveRdd(int rddId) => _blocks.RemoveRdd(rddId);

    public void Clear() => _blocks.Clear();
}
