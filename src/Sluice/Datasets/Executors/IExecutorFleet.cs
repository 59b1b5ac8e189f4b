using Sluice.Storage;

namespace Sluice.Datasets.Executors;

/// <summary>
/// The executors as the driver's shuffle service and block store see them: where the map outputs are (the tracker),
/// and what to tell every executor when the driver forgets a shuffle or a block. Executors in this process
/// (<see cref="ExecutorCluster"/>) or in others (<see cref="Remote.RemoteExecutors"/>).
/// </summary>
internal interface IExecutorFleet
{
    MapOutputTracker Tracker { get; }

    void RemoveShuffle(int shuffleId);

    void ClearShuffles();

    void RemoveBlock(BlockId id);

    void RemoveRdd(int rddId);

    void ClearBlocks();
}
