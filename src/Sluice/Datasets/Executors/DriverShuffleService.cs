using Sluice.Execution;

namespace Sluice.Datasets.Executors;

/// <summary>
/// The driver's shuffle service under a <c>local-executors</c> master: it holds no map outputs (the executors do),
/// only the tracker of where they are, and removes a shuffle from every executor.
/// </summary>
internal sealed class DriverShuffleService(ExecutorCluster cluster) : IShuffleService
{
    public void Register(int shuffleId, int mapPartitions, int reducePartitions) => cluster.Tracker.Register(shuffleId, mapPartitions);

    public void WriteMapOutput<T>(int shuffleId, int mapPartition, List<T>[] buckets)
        => throw new InvalidOperationException("Map tasks run on executors; the driver holds no map outputs.");

    public IEnumerable<List<T>> ReadBuckets<T>(int shuffleId, int reducePartition)
        => throw new InvalidOperationException("Reduce tasks run on executors; the driver holds no map outputs.");

    public IReadOnlyList<int> MissingMapOutputs(int shuffleId) => cluster.Tracker.Missing(shuffleId);

    public void Remove(int shuffleId)
    {
        cluster.Tracker.Remove(shuffleId);
        foreach (var node in cluster.Nodes)
        {
            node.Context.Shuffles.Remove(shuffleId);
        }
    }

    public void Clear()
    {
        cluster.Tracker.Clear();
        foreach (var node in cluster.Nodes)
        {
            node.Context.Shuffles.Clear();
        }
    }
}
