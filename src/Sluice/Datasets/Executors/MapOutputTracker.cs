using Sluice.Execution;

namespace Sluice.Datasets.Executors;

/// <summary>
/// The driver's record of where each shuffle's map outputs are: for every map partition, the executor that wrote
/// it (Spark's MapOutputTracker), kept with the same bookkeeping as the local shuffle services' outputs. Reduce
/// tasks are given these locations to fetch from; an executor that is lost takes its outputs with it, and their
/// map partitions must run again.
/// </summary>
internal sealed class MapOutputTracker
{
    private readonly ShuffleOutputs<string> _locations = new();
    private long _epoch;

    /// <summary>
    /// Raised each time an executor's outputs are forgotten: tasks carry it to executor processes, which then drop
    /// the locations they kept from before (Spark's epoch), so none fetches from an executor known to be lost.
    /// </summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    public void Register(int shuffleId, int mapPartitions) => _locations.Register(shuffleId, mapPartitions);

    public void SetLocation(int shuffleId, int mapPartition, string executorId) => _locations.Write(shuffleId, mapPartition, executorId);

    /// <summary>Where each map partition's output is, in map partition order; null where none is (not run yet, or lost).</summary>
    public string?[] Snapshot(int shuffleId) => _locations.Snapshot(shuffleId);

    public int MapPartitions(int shuffleId) => _locations.MapPartitions(shuffleId);

    public IReadOnlyList<int> Missing(int shuffleId) => _locations.Missing(shuffleId);

    /// <summary>How many map outputs each executor holds, of every shuffle still registered.</summary>
    public IReadOnlyDictionary<string, int> CountsByExecutor()
        => _locations.All().GroupBy(holder => holder, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

    /// <summary>Forgets every output <paramref name="executorId"/> held.</summary>
    public void RemoveExecutor(string executorId)
    {
        _locations.RemoveWhere(holder => holder == executorId);
        Interlocked.Increment(ref _epoch);
    }

    public void Remove(int shuffleId) => _locations.Remove(shuffleId);

    public void Clear() => _locations.Clear();
}
