namespace Sluice.Datasets;

/// <summary>
/// What a stage's tasks read that executors may hold: the datasets placed on executors, and the cached partitions a
/// task reaches through narrow dependencies.
/// </summary>
internal sealed class StageInputs(Rdd? rdd, IReadOnlyList<IPlacedRdd> placed)
{
    /// <summary>A stage reading nothing that executors hold (the local masters').</summary>
    public static readonly StageInputs None = new(null, []);

    /// <summary>The datasets of the stage whose partitions are placed on executors.</summary>
    public IReadOnlyList<IPlacedRdd> Placed { get; } = placed;

    /// <summary>
    /// The cached partitions (dataset id, partition) partition <paramref name="partition"/> of the stage reads: the
    /// first persisted dataset on each narrow path down from the stage's dataset. What lies below one is read only
    /// when that partition is not cached, and is then cached where the task runs anyway.
    /// </summary>
    public IEnumerable<(int Rdd, int Partition)> CachedReads(int partition)
    {
        if (rdd is null)
        {
            yield break;
        }

        var visited = new HashSet<(int, int)>();
        var pending = new Stack<(Rdd Rdd, int Partition)>([(rdd, partition)]);
        while (pending.TryPop(out var current))
        {
            if (!visited.Add((current.Rdd.Id, current.Partition)))
            {
                continue;
            }

            if (current.Rdd.StorageLevel != StorageLevel.None)
            {
                yield return (current.Rdd.Id, current.Partition);
                continue;
            }

            foreach (var parent in current.Rdd.NarrowParents(current.Partition))
            {
                pending.Push(parent);
            }
        }
    }
}
