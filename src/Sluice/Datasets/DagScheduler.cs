using Microsoft.Extensions.Logging;
using Sluice.Datasets;
using Sluice.Datasets.Operators;
using Sluice.Execution;
using Sluice.Execution.Tasks;

namespace Sluice.Datasets;

/// <summary>
/// Turns an action into a job: cuts the lineage into stages at shuffle boundaries, runs the map stages whose
/// output is missing (parents first), then the result stage, one task per partition, retrying failed tasks.
/// </summary>
/// <remarks>
/// Jobs are run synchronously on the calling (driver) thread, which blocks until the job is done, as Spark's
/// <c>runJob</c>: actions are synchronous by nature and the driver threads that call them (the streaming job
/// runners, or the user's own thread) are dedicated to that. Several driver threads may run jobs at once.
/// </remarks>
internal sealed class DagScheduler(SluiceContext context, ILogger logger)
{
    private int _nextJobId;
    private int _nextStageId;

    public TResult[] RunJob<T, TResult>(
        Rdd<T> rdd, string action, Func<TaskContext, IEnumerable<T>, TResult> func, IReadOnlyList<int> partitions)
    {
        if (TaskContext.Current is not null || context.Executors.IsWorkerThread)
        {
            throw new InvalidOperationException(
                $"The action '{action}' on {rdd.Description} was called inside a task. Actions can only be called by the driver " +
                "(for example inside ForeachRdd or Transform, but not inside the functions given to Map, Filter and the like).");
        }

        context.ThrowIfDisposed();
        if (context.Serializing)
        {
            CaptureCheck.Lineage(rdd);
        }

        var jobId = Interlocked.Increment(ref _nextJobId);
        var stages = new Dictionary<int, Stage>();
        var parents = ParentStages(rdd, stages);
        var resultStage = new Stage(Interlocked.Increment(ref _nextStageId), rdd, shuffle: null, parents);
        SchedulerLog.JobSubmitted(logger, jobId, action, stages.Count + 1, rdd.Description);

        var results = new TResult[partitions.Count];
        using var job = new JobRun(context, logger, jobId, action);
        try
        {
            RunMissingParents(job, resultStage);
            if (context.Serializing)
            {
                // Every task from bytes, and its result back as bytes, as between processes (docs/adr/0005).
                var binary = TaskWriter.Write(new ResultTask<T, TResult>(rdd, func), rdd.Description);
                job.RunTasks(resultStage, partitions, (task, index) =>
                {
                    var decoded = (ResultTask<T, TResult>)TaskReader.Read(binary, context.Residents);
                    var result = decoded.Func(task, decoded.Rdd.Iterator(partitions[index], task));
                    results[index] = (TResult)((object?[])TaskReader.Read(TaskWriter.Write(new object?[] { result }, $"the result of {rdd.Description}"), context.Residents))[0]!;
                });
            }
            else
            {
                job.RunTasks(resultStage, partitions, (task, index) => results[index] = func(task, rdd.Iterator(partitions[index], task)));
            }
        }
        catch (JobFailedException e)
        {
            SchedulerLog.JobFailed(logger, e, jobId);
            throw;
        }

        return results;
    }

    private void RunMissingParents(JobRun job, Stage stage)
    {
        foreach (var parent in stage.Parents)
        {
            var shuffle = parent.Shuffle!;
            if (context.Shuffles.HasAllMapOutputs(shuffle.ShuffleId))
            {
                continue; // Computed by an earlier job over the same lineage: reuse, as Spark skips such stages.
            }

            RunMissingParents(job, parent);
            if (context.Serializing)
            {
                var binary = TaskWriter.Write(shuffle, shuffle.Parent.Description);
                job.RunTasks(parent, [.. Enumerable.Range(0, shuffle.Parent.PartitionCount)], (task, index) => ((ShuffleDependency)TaskReader.Read(binary, context.Residents)).RunMapTask(index, task));
            }
            else
            {
                job.RunTasks(parent, [.. Enumerable.Range(0, shuffle.Parent.PartitionCount)], (task, index) => shuffle.RunMapTask(index, task));
            }
        }
    }

    /// <summary>The map stages directly below <paramref name="rdd"/>: one per shuffle reached through narrow dependencies.</summary>
    private List<Stage> ParentStages(Rdd rdd, Dictionary<int, Stage> stages)
    {
        var found = new List<Stage>();
        var visited = new HashSet<int>();
        var pending = new Stack<Rdd>();
        pending.Push(rdd);
        while (pending.TryPop(out var current))
        {
            if (!visited.Add(current.Id))
            {
                continue;
            }

            foreach (var dependency in current.Dependencies)
            {
                if (dependency is ShuffleDependency shuffle)
                {
                    if (!stages.TryGetValue(shuffle.ShuffleId, out var stage))
                    {
                        context.Shuffles.Register(shuffle.ShuffleId, shuffle.Parent.PartitionCount, shuffle.Partitioner.PartitionCount);
                        stage = new Stage(Interlocked.Increment(ref _nextStageId), shuffle.Parent, shuffle, ParentStages(shuffle.Parent, stages));
                        stages.Add(shuffle.ShuffleId, stage);
                    }

                    if (!found.Contains(stage))
                    {
                        found.Add(stage);
                    }
                }
                else
                {
                    pending.Push(dependency.Parent);
                }
            }
        }

        return found;
    }
}
