using Sluice.Execution;

namespace Sluice.Datasets;

/// <summary>What a result stage's tasks run, as it travels: the stage's dataset and the action's function of a partition's records.</summary>
internal sealed record ResultTask<T, TResult>(Rdd<T> Rdd, Func<TaskContext, IEnumerable<T>, TResult> Func) : IResultTask
{
    public string Description => Rdd.Description;

    public object? Run(TaskContext task) => Func(task, Rdd.Iterator(task.PartitionIndex, task));
}
