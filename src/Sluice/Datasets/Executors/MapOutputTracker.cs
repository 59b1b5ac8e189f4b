using System.Collections.Concurrent;
using Sluice.Execution;

namespace Sluice.Datasets.Executors;

/// <summary>
/// The driver's record of where each shuffle's map outputs are: for every map partition, the executor that wrote
/// it (Spark's MapOutputTracker). Reduce tasks are given these locations to fetch from; an executor that is lost
/// takes its outputs with it, and their map partitions must run again.
/// </summary>
internal sealed class MapOutputTracker
{
    private readonly ConcurrentDictionary<int, string?[]> _locations = new();

    public void Register(int shuffleId, int mapPartitions) => _locations.TryAdd(shuffleId, new string?[mapPartitions]);

    public void SetLocation(int shuffleId, int mapPartition, string executorId) => Volatile.Write(ref Locations(shuffleId)[mapPartition], executorId);

    /// <summary>Where each map partition's output is, in map partition order; null where none is (not run yet, or lost).</summary>
    public string?[] Snapshot(int shuffleId) => [.. Locations(shuffleId)];

    public int MapPartitions(int shuffleId) => Locations(shuffleId).Length;

    public IReadOnlyList<int> Missing(int shuffleId)
    {
        var outputs = Locations(shuffleId);
        return [.. Enumerable.Range(0, outputs.Length).Where(map => Volatile.Read(ref outputs[map]) is null)];
    }

    public bool HasAll(int shuffleId) => _locations.TryGetValue(shuffleId, out var outputs) && Array.TrueForAll(outputs, executor => executor is not null);

    /// <summary>Forgets every output <paramref name="executorId"/> held; returns how many.</summary>
    public int RemoveExecutor(string executorId)
    {
        var removed = 0;
        foreach (var outputs in _locations.Values)
        {
            for (var map = 0; map < outputs.Length; map++)
            {
                var holder = Volatile.Read(ref outputs[map]);
                if (holder == executorId && Interlocked.CompareExchange(ref outputs[map], null, holder) == holder)
                {
                    removed++;
                }
            }
        }

        return removed;
    }

    public void Remove(int shuffleId) => _locations.TryRemove(shuffleId, out _);

    public void Clear() => _locations.Clear();

    private string?[] Locations(int shuffleId)
        => _locations.TryGetValue(shuffleId, out var outputs)
            ? outputs
            : throw new InvalidOperationException($"Shuffle {shuffleId} is not registered (or was cleaned up).");
}
