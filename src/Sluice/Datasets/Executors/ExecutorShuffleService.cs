using Sluice.Execution;

namespace Sluice.Datasets.Executors;

/// <summary>
/// An executor's shuffle service: map outputs written here stay here as bytes, their location told to the driver's
/// tracker (a map task's status); a reduce task reads each map partition's bucket from the executor the tracker
/// names, through bytes.
/// </summary>
internal sealed class ExecutorShuffleService(SerializingShuffleService local, ExecutorCluster cluster, string executorId) : IShuffleService
{
    public SerializingShuffleService Local => local;

    public void Register(int shuffleId, int mapPartitions, int reducePartitions) => local.Register(shuffleId, mapPartitions, reducePartitions);

    public void WriteMapOutput<T>(int shuffleId, int mapPartition, List<T>[] buckets)
    {
        if (cluster.Find(executorId) is not { IsAlive: true })
        {
            throw new IOException($"Executor {executorId} was lost while its map task of shuffle {shuffleId} ran; the task runs again on another.");
        }

        local.Register(shuffleId, cluster.Tracker.MapPartitions(shuffleId), buckets.Length); // the driver registered it with the tracker
        local.WriteMapOutput(shuffleId, mapPartition, buckets);
        cluster.Tracker.SetLocation(shuffleId, mapPartition, executorId);
    }

    public IEnumerable<List<T>> ReadBuckets<T>(int shuffleId, int reducePartition)
    {
        var locations = cluster.Tracker.Snapshot(shuffleId);
        for (var map = 0; map < locations.Length; map++)
        {
            var holder = locations[map] is { } id ? cluster.Find(id) : null;
            if (holder is not { IsAlive: true } || !((ExecutorShuffleService)holder.Context.Shuffles).Local.TryGetBucket(shuffleId, map, reducePartition, out var bytes, out var count))
            {
                throw new FetchFailedException(shuffleId, map, locations[map]);
            }

            yield return SerializingShuffleService.Decode<T>(bytes, count);
        }
    }

    public IReadOnlyList<int> MissingMapOutputs(int shuffleId) => cluster.Tracker.Missing(shuffleId);

    public void Remove(int shuffleId) => local.Remove(shuffleId);

    public void Clear() => local.Clear();
}
