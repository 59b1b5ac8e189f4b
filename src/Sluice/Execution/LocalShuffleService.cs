namespace Sluice.Execution;

/// <summary>Shuffle outputs kept in the driver's memory, for executors that are threads of the same process.</summary>
internal sealed class LocalShuffleService : IShuffleService
{
    private readonly ShuffleOutputs<Array> _outputs = new();

    public void Register(int shuffleId, int mapPartitions, int reducePartitions) => _outputs.Register(shuffleId, mapPartitions);

    public void WriteMapOutput<T>(int shuffleId, int mapPartition, List<T>[] buckets) => _outputs.Write(shuffleId, mapPartition, buckets);

    public IEnumerable<List<T>> ReadBuckets<T>(int shuffleId, int reducePartition)
        => _outputs.Read(shuffleId).Select(buckets => ((List<T>[])buckets)[reducePartition]);

    public IReadOnlyList<int> MissingMapOutputs(int shuffleId) => _outputs.Missing(shuffleId);

    public void Remove(int shuffleId) => _outputs.Remove(shuffleId);

    public void Clear() => _outputs.Clear();
}
