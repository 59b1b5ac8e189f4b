using Sluice.Storage;

namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// The driver's record of state kept on executor processes: which versions of each stateful operator's partition its
/// executor (<see cref="ExecutorPlacements"/>) has committed, and the newest saved version (a checkpoint, or the
/// state a recovery restored) a lost partition is rebuilt from.
/// </summary>
/// <remarks>
/// Spark keeps a state partition where its previous batch's partition was cached and rebuilds a lost one from the
/// checkpointed dataset and lineage; here the driver knows the versions, so a batch links to the previous one only
/// when its version is missing, and the lineage goes back to a saved version, not further (docs/adr/0008).
/// </remarks>
internal sealed class StatePartitions(ExecutorPlacements placements)
{
    /// <summary>Versions remembered per partition: more than any stream keeps before folding them.</summary>
    private const int VersionsKept = 512;

    private readonly object _gate = new();
    private readonly Dictionary<PartitionKey, Holding> _held = [];
    private readonly Dictionary<PartitionKey, SavedState> _saved = [];
    private readonly Dictionary<PartitionKey, (long Version, IBlockStore Store, BlockId Block)> _served = [];
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private int _losses;

    /// <summary>
    /// How many times an executor holding state was lost: a batch's dataset built before the latest loss may link to
    /// a version that is gone, so the previous batch is built again rather than reused.
    /// </summary>
    public int Losses => Volatile.Read(ref _losses);

    /// <summary>Whether <paramref name="name"/> is a stateful operator's (for the executors page's count).</summary>
    public bool IsState(string name)
    {
        lock (_gate)
        {
            return _numbers.ContainsKey(name);
        }
    }

    /// <summary>A task on <paramref name="executor"/> committed <paramref name="version"/> of the partition.</summary>
    public void Committed(string state, int partition, long version, string executor)
    {
        var key = new PartitionKey(state, partition);
        lock (_gate)
        {
            Number(state);
            if (placements.Owner(key) != executor)
            {
                return; // moved since (its executor was lost): what it committed there is gone
            }

            if (!_held.TryGetValue(key, out var holding) || holding.Executor != executor)
            {
                _held[key] = holding = new Holding(executor);
            }

            holding.Versions.Add(version);
            if (holding.Versions.Count > VersionsKept)
            {
                holding.Versions.Remove(holding.Versions.Min);
            }

            if (_served.TryGetValue(key, out var served) && served.Version < version)
            {
                _served.Remove(key); // restored, and computed beyond: no task reads it any more
                served.Store.Remove(served.Block);
            }
        }
    }

    /// <summary>Whether <paramref name="version"/> of the partition can be read: its executor holds it, or it is the saved one.</summary>
    public bool Holds(string state, int partition, long version)
    {
        var key = new PartitionKey(state, partition);
        lock (_gate)
        {
            return HeldOnExecutor(key, version) || _saved.GetValueOrDefault(key)?.Version == version;
        }
    }

    /// <summary>
    /// Records a saved version of the partition, which <paramref name="read"/> gives back as the state table's
    /// serialized payload; a lost partition is rebuilt from the newest one.
    /// </summary>
    public void Saved(string state, int partition, long version, Func<byte[]> read)
    {
        var key = new PartitionKey(state, partition);
        lock (_gate)
        {
            Number(state);
            if (_saved.GetValueOrDefault(key) is not { } newer || newer.Version < version)
            {
                _saved[key] = new SavedState(version, read);
            }
        }
    }

    /// <summary>
    /// Before a batch reads <paramref name="version"/>: for each partition no executor holds it for but that was
    /// saved at it, puts the saved payload in <paramref name="driverBlocks"/>, where the executor that restores it
    /// fetches it. Returns the operator's number (the block's owner), or -1 when no partition needs it.
    /// </summary>
    public int PrepareRestores(string state, int partitions, long version, IBlockStore driverBlocks)
    {
        var number = -1;
        for (var partition = 0; partition < partitions; partition++)
        {
            var key = new PartitionKey(state, partition);
            Func<byte[]> read;
            lock (_gate)
            {
                if (HeldOnExecutor(key, version) || _saved.GetValueOrDefault(key) is not { } saved || saved.Version != version)
                {
                    continue;
                }

                read = saved.Read;
                number = Number(state);
                _served[key] = (version, driverBlocks, BlockId.ForState(number, partition));
            }

            driverBlocks.Put(BlockId.ForState(number, partition), new[] { read() });
        }

        return number;
    }

    /// <summary>An executor was lost: the versions it held are gone.</summary>
    public void Lose(string executor)
    {
        lock (_gate)
        {
            var lost = _held.Where(pair => pair.Value.Executor == executor).Select(pair => pair.Key).ToList();
            lost.ForEach(key => _held.Remove(key));
            if (lost.Count > 0)
            {
                Interlocked.Increment(ref _losses);
            }
        }
    }

    private bool HeldOnExecutor(PartitionKey key, long version)
        => _held.GetValueOrDefault(key) is { } holding && holding.Versions.Contains(version) && placements.Owner(key) == holding.Executor;

    private int Number(string state)
    {
        if (!_numbers.TryGetValue(state, out var number))
        {
            _numbers[state] = number = _numbers.Count;
        }

        return number;
    }

    private sealed class Holding(string executor)
    {
        public string Executor { get; } = executor;

        public SortedSet<long> Versions { get; } = [];
    }

    private sealed record SavedState(long Version, Func<byte[]> Read);
}
