using System.Text;
using Sluice.Execution;
using Sluice.Storage;

namespace Sluice.Datasets;

/// <summary>
/// What every dataset has regardless of its element type: identity, partitioning, lineage and storage level.
/// </summary>
/// <remarks>
/// A dataset is immutable and lazy: creating one runs nothing. Its lineage (<see cref="Rdd.Dependencies"/>)
/// lets any partition be recomputed from its parents, which is how a failed task is retried.
/// </remarks>
public abstract class Rdd
{
    private protected Rdd(SluiceContext context, string operatorName)
    {
        Context = context;
        OperatorName = operatorName;
        Id = context.NewRddId();
    }

    /// <summary>A number unique within the <see cref="SluiceContext"/>.</summary>
    public int Id { get; }

    /// <summary>The context that runs this dataset's jobs.</summary>
    public SluiceContext Context { get; }

    /// <summary>The operation that made this dataset, such as <c>map</c> or <c>reduceByKey</c>.</summary>
    public string OperatorName { get; }

    /// <summary>A name given with <see cref="Rdd{T}.SetName(string)"/>, shown in errors and debug strings.</summary>
    public string? Name { get; private protected set; }

    /// <summary>The number of partitions, and so of tasks per stage that computes this dataset.</summary>
    public abstract int PartitionCount { get; }

    /// <summary>How the dataset's keys are spread over partitions, when that is known; otherwise <see langword="null"/>.</summary>
    public virtual Partitioner? Partitioner => null;

    /// <summary>Whether computed partitions are kept in memory for later jobs.</summary>
    public StorageLevel StorageLevel { get; private protected set; }

    internal abstract IReadOnlyList<Dependency> Dependencies { get; }

    /// <summary>
    /// The partitions of narrow parents that partition <paramref name="partition"/> reads; by default the same
    /// partition of each, which datasets that renumber partitions (union, coalesce) override.
    /// </summary>
    internal virtual IEnumerable<(Rdd Parent, int Partition)> NarrowParents(int partition)
        => Dependencies.Where(dependency => dependency is not ShuffleDependency).Select(dependency => (dependency.Parent, partition));

    /// <summary>Computes a partition for its effects (a state commit), discarding the records.</summary>
    internal abstract void RunPartition(int partition, TaskContext context);

    /// <summary>Describes the dataset for error messages: operator, name and id.</summary>
    internal string Description => Name is null ? $"{OperatorName} (rdd {Id})" : $"{OperatorName} '{Name}' (rdd {Id})";

    /// <summary>Drops this dataset's cached partitions and stops caching it.</summary>
    public void Unpersist()
    {
        StorageLevel = StorageLevel.None;
        Context.Blocks.RemoveRdd(Id);
    }

    /// <summary>The lineage as indented text, one dataset per line; shuffles start a deeper level.</summary>
    public string ToDebugString()
    {
        var text = new StringBuilder();
        Append(this, 0);
        return text.ToString().TrimEnd();

        void Append(Rdd rdd, int depth)
        {
            text.Append(' ', depth * 2).Append('(').Append(rdd.PartitionCount).Append(") ").Append(rdd.Description);
            if (rdd.StorageLevel != StorageLevel.None)
            {
                text.Append(" [").Append(rdd.StorageLevel).Append(']');
            }

            text.AppendLine();
            foreach (var dependency in rdd.Dependencies)
            {
                Append(dependency.Parent, dependency is ShuffleDependency ? depth + 1 : depth);
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Description;
}
