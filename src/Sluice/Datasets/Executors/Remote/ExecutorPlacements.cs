namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// Which executor process runs each placed partition (a state partition, a Kafka topic-partition): assigned the first
/// time a task needs it, to the live executor with the fewest placed partitions, and kept there until that executor
/// is lost, so what the partition keeps on its executor (a state table, a warm consumer) is there for the next batch.
/// </summary>
internal sealed class ExecutorPlacements
{
    private readonly object _gate = new();
    private readonly Dictionary<PartitionKey, string> _owners = [];

    /// <summary>
    /// The executor that runs every partition in <paramref name="keys"/> (one task reads them all): the one already
    /// running one of them, else the live executor with the fewest; null while no executor is registered (the task
    /// waits for one like any other, and the partitions are placed next time).
    /// </summary>
    public string? OwnerOf(IReadOnlyList<PartitionKey> keys, IReadOnlyCollection<string> alive)
    {
        lock (_gate)
        {
            var owner = keys.Select(key => _owners.GetValueOrDefault(key)).FirstOrDefault(alive.Contains)
                ?? alive.OrderBy(executor => _owners.Values.Count(placed => placed == executor)).ThenBy(executor => executor, StringComparer.Ordinal).FirstOrDefault();
            if (owner is not null)
            {
                foreach (var key in keys)
                {
                    _owners[key] = owner;
                }
            }

            return owner;
        }
    }

    /// <summary>Where <paramref name="key"/> runs; null when it is not placed (never yet, or its executor was lost).</summary>
    public string? Owner(PartitionKey key)
    {
        lock (_gate)
        {
            return _owners.GetValueOrDefault(key);
        }
    }

    /// <summary>How many partitions each live executor runs whose key <paramref name="counted"/> accepts, for the executors page.</summary>
    public IReadOnlyDictionary<string, int> CountsByExecutor(Func<PartitionKey, bool> counted)
    {
        lock (_gate)
        {
            return _owners.Where(pair => counted(pair.Key)).GroupBy(pair => pair.Value, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        }
    }

    /// <summary>An executor was lost: its partitions go elsewhere next time. Returns them.</summary>
    public IReadOnlyList<PartitionKey> Lose(string executor)
    {
        lock (_gate)
        {
            var lost = _owners.Where(pair => pair.Value == executor).Select(pair => pair.Key).ToList();
            lost.ForEach(key => _owners.Remove(key));
            return lost;
        }
    }
}
