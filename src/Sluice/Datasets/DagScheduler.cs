using System.Reflection;
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
            var stageTask = Travel(new ResultTask<T, TResult>(rdd, func), rdd.Description);
            job.RunTasks(resultStage, partitions, (task, index) =>
            {
                var (stageRdd, stageFunc) = stageTask();
                results[index] = TravelBack(stageFunc(task, stageRdd.Iterator(partitions[index], task)), rdd);
            });
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
            var mapTask = Travel(shuffle, shuffle.Parent.Description);
            job.RunTasks(parent, [.. Enumerable.Range(0, shuffle.Parent.PartitionCount)], (task, index) => mapTask().RunMapTask(index, task));
        }
    }

    /// <summary>
    /// What a stage's tasks run, as they get it. In the serializing mode it travels as bytes (docs/adr/0005): written
    /// once per stage, and read once by the process that runs the tasks, as an executor reads a stage's binary
    /// once for all its tasks of the stage; otherwise the tasks share the driver's objects.
    /// </summary>
    private Func<TTask> Travel<TTask>(TTask task, string what)
        where TTask : class
    {
        if (!context.Serializing)
        {
            return () => task;
        }

        var binary = TaskWriter.Write(task, what, StageBoundary(task));
        var read = new Lazy<TTask>(() => (TTask)TaskReader.Read(binary, context.Residents));
        return () => read.Value;
    }

    /// <summary>
    /// Where a stage's part of the lineage ends: at the shuffles it reads, whose map side earlier stages ran, so only
    /// the shuffle (its id, partitioner and aggregator) travels, not the datasets before it.
    /// </summary>
    internal static Func<object, FieldInfo, bool> StageBoundary(object task)
        => (holder, field) => holder is ShuffleDependency && holder != task && typeof(Rdd).IsAssignableFrom(field.FieldType);

    /// <summary>A task's result as the driver gets it: in the serializing mode, through bytes, as from another process.</summary>
    private TResult TravelBack<TResult>(TResult result, Rdd rdd)
        => context.Serializing
            ? (TResult)((object?[])TaskReader.Read(TaskWriter.Write(new object?[] { result }, $"the result of a task of {rdd.Description}"), context.Residents))[0]!
            : result;

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
