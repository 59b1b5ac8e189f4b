using Sluice.Execution;

namespace Sluice.Datasets.Executors;

/// <summary>
/// The driver's shuffle service when executors run the tasks: it holds no map outputs (the executors do), only the
/// tracker of where they are, and removes a shuffle from every executor.
/// </summary>
internal sealed class DriverShuffleService(IExecutorFleet executors) : IShuffleService
{
    public void Register(int shuffleId, int mapPartitions, int reducePartitions) => executors.Tracker.Register(shuffleId, mapPartitions);

    public void WriteMapOutput<T>(int shuffleId, int mapPartition, List<T>[] buckets)
        => throw new InvalidOperationException("Map tasks run on executors; the driver holds no map outputs.");

    public IEnumerable<List<T>> ReadBuckets<T>(int shuffleId, int reducePartition)
        => throw new InvalidOperationException("Reduce tasks run on executors; the driver holds no map outputs.");

    public IReadOnlyList<int> MissingMapOutputs(int shuffleId) => executors.Tracker.Missing(shuffleId);

    public void Remove(int shuffleId)
    {
        executors.Tracker.Remove(shuffleId);
        executors.RemoveShuffle(shuffleId);
    }

    public void Clear()
    {
        executors.Tracker.Clear();
        executors.ClearShuffles();
    }
}
