using Sluice.Execution;

namespace Sluice.Datasets;

/// <summary>
/// A dependency where every child partition may read from every parent partition: the job is cut here into a
/// map stage (which writes buckets through the shuffle service) and the stage that reads them.
/// </summary>
internal abstract class ShuffleDependency(Rdd parent, Partitioner partitioner, int shuffleId) : Dependency(parent)
{
    public int ShuffleId { get; } = shuffleId;

    public Partitioner Partitioner { get; } = partitioner;

    /// <summary>The dataset that reads this shuffle; errors of map-side combining are reported as its own.</summary>
    public Rdd? Consumer { get; set; }

    /// <summary>
    /// Releases the shuffle's outputs once no dataset can read them any more, as Spark's ContextCleaner does with
    /// weak references: the dependency is reachable exactly as long as a dataset that reads the shuffle is.
    /// </summary>
    ~ShuffleDependency() => Parent.Context.Shuffles.Remove(ShuffleId);

    /// <summary>Computes one parent partition and writes it, bucketed by key, through the shuffle service.</summary>
    public abstract void RunMapTask(int mapPartition, TaskContext context);
}
