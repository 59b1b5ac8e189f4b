using Sluice.Storage;

namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// The driver's record of state kept on executor processes: which executor holds each stateful operator's partition
/// (assigned once, spread evenly, moved only when that executor is lost), which versions it has committed there, and
/// the newest saved version (a checkpoint, or the state a recovery restored) a lost partition is rebuilt from.
/// </summary>
/// <remarks>
/// Spark keeps a state partition where its previous batch's partition was cached and rebuilds a lost one from the
/// checkpointed dataset and lineage; here the driver knows the versions, so a batch links to the previous one only
/// when its version is missing, and the lineage goes back to a saved version, not further.
/// </remarks>
internal sealed class StatePartitions
{
    /// <summary>Versions remembered per partition: more than any stream keeps before folding them.</summary>
    private const int VersionsKept = 512;

    private readonly object _gate = new();
    private readonly Dictionary<(string State, int Partition), Holding> _held = [];
    private readonly Dictionary<(string State, int Partition), SavedState> _saved = [];
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string State, int Partition), (long Version, IBlockStore Store, BlockId Block)> _served = [];
    private int _losses;

    /// <summary>
    /// How many times an executor holding state was lost: a batch's dataset built before the latest loss may link to
    /// a version that is gone, so the previous batch is built again rather than reused.
    /// </summary>
    public int Losses => Volatile.Read(ref _losses);

    /// <summary>
    /// The executor that runs partition <paramref name="partition"/> of every operator in <paramref name="states"/>:
    /// the one already holding one of them, else the live executor holding the fewest state partitions; null while
    /// no executor is registered (the task waits for one like any other, and the partition is placed next batch).
    /// </summary>
    public string? OwnerOf(IReadOnlyList<string> states, int partition, IReadOnlyCollection<string> alive)
    {
        lock (_gate)
        {
            var owner = states.Select(state => _held.GetValueOrDefault((state, partition))?.Executor).FirstOrDefault(alive.Contains)
                ?? alive.OrderBy(executor => _held.Values.Count(holding => holding.Executor == executor)).ThenBy(executor => executor, StringComparer.Ordinal).FirstOrDefault();
            if (owner is null)
            {
                return null;
            }

            foreach (var state in states)
            {
                if (_held.GetValueOrDefault((state, partition))?.Executor != owner)
                {
                    _held[(state, partition)] = new Holding(owner); // a partition that moves starts with no version
                }
            }

            return owner;
        }
    }

    /// <summary>A task on <paramref name="executor"/> committed <paramref name="version"/> of the partition.</summary>
    public void Committed(string state, int partition, long version, string executor)
    {
        lock (_gate)
        {
            if (_held.GetValueOrDefault((state, partition)) is { } holding && holding.Executor == executor)
            {
                holding.Versions.Add(version);
                if (holding.Versions.Count > VersionsKept)
                {
                    holding.Versions.Remove(holding.Versions.Min);
                }
            }

            if (_served.TryGetValue((state, partition), out var served) && served.Version < version)
            {
                _served.Remove((state, partition)); // restored, and computed beyond: no task reads it any more
                served.Store.Remove(served.Block);
            }
        }
    }

    /// <summary>Whether <paramref name="version"/> of the partition can be read: a live executor holds it, or it is the saved one.</summary>
    public bool Holds(string state, int partition, long version)
    {
        lock (_gate)
        {
            return _held.GetValueOrDefault((state, partition))?.Versions.Contains(version) == true
                || _saved.GetValueOrDefault((state, partition))?.Version == version;
        }
    }

    /// <summary>
    /// Records a saved version of the partition, which <paramref name="read"/> gives back as the state table's
    /// serialized payload; a lost partition is rebuilt from the newest one.
    /// </summary>
    public void Saved(string state, int partition, long version, Func<byte[]> read)
    {
        lock (_gate)
        {
            if (_saved.GetValueOrDefault((state, partition)) is not { } newer || newer.Version < version)
            {
                _saved[(state, partition)] = new SavedState(version, read);
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
            Func<byte[]> read;
            lock (_gate)
            {
                if (_held.GetValueOrDefault((state, partition))?.Versions.Contains(version) == true
                    || _saved.GetValueOrDefault((state, partition)) is not { } saved || saved.Version != version)
                {
                    continue;
                }

                read = saved.Read;
                number = Number(state);
                _served[(state, partition)] = (version, driverBlocks, BlockId.ForState(number, partition));
            }

            driverBlocks.Put(BlockId.ForState(number, partition), new[] { read() });
        }

        return number;
    }

    /// <summary>How many state partitions each live executor holds, for the executors page.</summary>
    public IReadOnlyDictionary<string, int> CountsByExecutor()
    {
        lock (_gate)
        {
            return _held.Values.GroupBy(holding => holding.Executor, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        }
    }

    /// <summary>An executor was lost: the versions it held are gone, and its partitions go elsewhere.</summary>
    public void Lose(string executor)
    {
        lock (_gate)
        {
            var lost = _held.Where(pair => pair.Value.Executor == executor).Select(pair => pair.Key).ToList();
            foreach (var key in lost)
            {
                _held.Remove(key);
            }

            if (lost.Count > 0)
            {
                Interlocked.Increment(ref _losses);
            }
        }
    }

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
