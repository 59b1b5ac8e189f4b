using System.Collections.Concurrent;

namespace Sluice.Execution;

/// <summary>Shuffle outputs kept in the driver's memory, for executors that are threads of the same process.</summary>
internal sealed class LocalShuffleService : IShuffleService
{
    private readonly ConcurrentDictionary<int, object?[]> _outputs = new();

    public void Register(int shuffleId, int mapPartitions, int reducePartitions)
        => _outputs.TryAdd(shuffleId, new object?[mapPartitions]);

    public void WriteMapOutput<T>(int shuffleId, int mapPartition, List<T>[] buckets)
        => Volatile.Write(ref Outputs(shuffleId)[mapPartition], buckets);

    public IEnumerable<List<T>> ReadBuckets<T>(int shuffleId, int reducePartition)
    {
        var outputs = Outputs(shuffleId);
        for (var map = 0; map < outputs.Length; map++)
        {
            var buckets = Volatile.Read(ref outputs[map]) as List<T>[]
                ?? throw new InvalidOperationException($"Shuffle {shuffleId} has no output for map partition {map}; its map stage must run first.");
            yield return buckets[reducePartition];
        }
    }

    public bool HasAllMapOutputs(int shuffleId)
        => _outputs.TryGetValue(shuffleId, out var outputs) && Array.TrueForAll(outputs, output => output is not null);

    public void Remove(int shuffleId) => _outputs.TryRemove(shuffleId, out _);

    public void Clear() => _outputs.Clear();

    private object?[] Outputs(int shuffleId)
        => _outputs.TryGetValue(shuffleId, out var outputs)
            ? outputs
            : throw new InvalidOperationException($"Shuffle {shuffleId} is not registered (or was cleaned up).");
}
