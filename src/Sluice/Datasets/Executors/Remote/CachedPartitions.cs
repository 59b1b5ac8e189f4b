namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// Which executors hold each cached partition (dataset id, partition), as Spark's block manager master knows: a task
/// that ran on an executor left there every cached partition it read, computed or not. Tasks reading one prefer
/// those executors; a lost executor's copies and a removed dataset's are forgotten.
/// </summary>
internal sealed class CachedPartitions
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int Rdd, int Partition), HashSet<string>> _holders = [];

    /// <summary>The executors holding any of <paramref name="partitions"/>.</summary>
    public IEnumerable<string> HoldersOf(IEnumerable<(int Rdd, int Partition)> partitions)
    {
        lock (_gate)
        {
            return [.. partitions.SelectMany(partition => _holders.TryGetValue(partition, out var holders) ? holders : []).Distinct()];
        }
    }

    /// <summary>A task on <paramref name="executorId"/> succeeded, reading <paramref name="partitions"/>: it holds them now.</summary>
    public void Held(IEnumerable<(int Rdd, int Partition)> partitions, string executorId)
    {
        lock (_gate)
        {
            foreach (var partition in partitions)
            {
                if (!_holders.TryGetValue(partition, out var holders))
                {
                    _holders[partition] = holders = new HashSet<string>(StringComparer.Ordinal);
                }

                holders.Add(executorId);
            }
        }
    }

    /// <summary>Forgets a dataset's partitions: the executors drop them.</summary>
    public void RemoveRdd(int rddId)
    {
        lock (_gate)
        {
            foreach (var key in _holders.Keys.Where(key => key.Rdd == rddId).ToList())
            {
                _holders.Remove(key);
            }
        }
    }

    /// <summary>An executor was lost with its copies.</summary>
    public void Lose(string executorId)
    {
        lock (_gate)
        {
            foreach (var (key, holders) in _holders.ToList())
            {
                if (holders.Remove(executorId) && holders.Count == 0)
                {
                    _holders.Remove(key);
                }
            }
        }
    }

    /// <summary>How many cached partitions each executor holds.</summary>
    public IReadOnlyDictionary<string, int> CountsByExecutor()
    {
        lock (_gate)
        {
            return _holders.Values.SelectMany(holders => holders).GroupBy(holder => holder, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        }
    }
}
