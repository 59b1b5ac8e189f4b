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

    void Remove(BlockId id);

    void RemoveRdd(int rddId);

    void Clear();
}
