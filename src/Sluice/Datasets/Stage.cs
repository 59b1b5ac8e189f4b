using Sluice.Datasets;

namespace Sluice.Datasets;

/// <summary>
/// A set of tasks, one per partition, that run the same pipelined narrow operators and end either at a shuffle
/// (a map stage) or at the action's result (the result stage).
/// </summary>
internal sealed class Stage(int id, Rdd rdd, ShuffleDependency? shuffle, IReadOnlyList<Stage> parents)
{
    public int Id { get; } = id;

    /// <summary>The last dataset the stage's tasks compute.</summary>
    public Rdd Rdd { get; } = rdd;

    /// <summary>The shuffle the stage writes, or <see langword="null"/> for a result stage.</summary>
    public ShuffleDependency? Shuffle { get; } = shuffle;

    /// <summary>The map stages whose output this stage reads.</summary>
    public IReadOnlyList<Stage> Parents { get; } = parents;
}
