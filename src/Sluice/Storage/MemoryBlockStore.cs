namespace Sluice.Storage;

/// <summary>
/// Blocks kept in memory, as Spark's <c>MEMORY_ONLY</c>; a block stored encoded stays bytes, as
/// <c>MEMORY_ONLY_SER</c>, and is read back into records, one at a time, by each task that reads it.
/// </summary>
internal sealed class MemoryBlockStore : IBlockStore
{
    private readonly BlockTable<object> _blocks = new(); // an array of records, or an EncodedBlock

    public bool TryGet(BlockId id, out Array block)
    {
        if (!_blocks.TryGet(id, out var stored))
        {
            block = null!;
            return false;
        }

        block = stored as Array ?? ((EncodedBlock)stored).Decode();
        return true;
    }

    public bool TryGetRecords<T>(BlockId id, out IEnumerable<T> records)
    {
        var found = _blocks.TryGet(id, out var stored);
        records = !found ? [] : stored as T[] ?? (IEnumerable<T>)new EncodedRecords<T>((EncodedBlock)stored);
        return found;
    }

    public void Put(BlockId id, Array block) => _blocks.Put(id, block);

    public void PutEncoded(BlockId id, EncodedBlock block) => _blocks.Put(id, block);

    public void Remove(BlockId id) => _blocks.Remove(id);

    public void RemoveRdd(int rddId) => _blocks.RemoveRdd(rddId);

    public void Clear() => _blocks.Clear();
}
