namespace Sluice.Storage;

/// <summary>
/// Where cached partitions of persisted datasets live. Executors reach cached data only through this interface,
/// so a remote executor can bring its own store (DESIGN.md, principle 3).
/// </summary>
/// <remarks>A stored block is an array of records owned by the store; readers must not change it.</remarks>
internal interface IBlockStore
{
    bool TryGet(BlockId id, out Array block);

    void Put(BlockId id, Array block);

    void RemoveRdd(int rddId);

    void Clear();
}
