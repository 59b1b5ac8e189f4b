using Sluice.Execution;

namespace Sluice.Datasets;

/// <summary>A result stage's task, without its types: what an executor process runs for one partition.</summary>
internal interface IResultTask
{
    /// <summary>The stage's dataset, for messages.</summary>
    string Description { get; }

    /// <summary>Computes the partition of <paramref name="task"/> and applies the action's function to its records.</summary>
    object? Run(TaskContext task);
}
