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
    /// Keeps a block as its records' bytes; <see cref="TryGet"/> reads it back into records in the task that asks.
    /// A receiver of text stores its lines so: they wait for their batch as bytes, not as strings.
    /// </summary>
    void PutEncoded(BlockId id, EncodedBlock block);

    void Remove(BlockId id);

    void RemoveRdd(int rddId);

    void Clear();
}
