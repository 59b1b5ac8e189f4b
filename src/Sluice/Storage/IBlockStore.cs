namespace Sluice.Storage;

/// <summary>
/// Where cached partitions of persisted datasets and blocks of received records live. Executors and receivers
/// reach stored data only through this interface, so a remote executor can bring its own store.
/// </summary>
/// <remarks>A stored block is an array of records owned by the store; readers must not change it.</remarks>
internal interface IBlockStore
{
    bool TryGet(BlockId id, out Array block);

    void Put(BlockId id, Array block);

    /// <summary>
    /// The records of a block, as <see cref="TryGet"/> gives them; a store that keeps the block encoded may read them
    /// one at a time as they are enumerated, so that a task does not hold every record of a block at once.
    /// </summary>
    bool TryGetRecords<T>(BlockId id, out IEnumerable<T> records)
    {
        var found = TryGet(id, out var block);
        records = found ? (T[])block : [];
        return found;
    }

    /// <summary>
    /// Keeps a block as its records' bytes; <see cref="TryGet"/> reads it back into records in the task that asks.
    /// A receiver of text stores its lines so: they wait for their batch as bytes, not as strings.
    /// </summary>
    void PutEncoded(BlockId id, EncodedBlock block);

    void Remove(BlockId id);

    void RemoveRdd(int rddId);

    void Clear();
}
