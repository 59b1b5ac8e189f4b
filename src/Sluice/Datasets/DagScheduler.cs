using System.Reflection;
using Microsoft.Extensions.Logging;
using Sluice.Datasets;
using Sluice.Datasets.Executors;
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
        var done = new bool[partitions.Count];
        var stageTask = Travel(new ResultTask<T, TResult>(rdd, func), rdd.Description);
        for (var attempt = 1; ; attempt++)
        {
            using var job = new JobRun(context, logger, jobId, action);
            try
            {
                RunMissingParents(job, resultStage);
                var pending = Enumerable.Range(0, partitions.Count).Where(index => !done[index]).ToArray();
                job.RunTasks(resultStage, [.. pending.Select(index => partitions[index])], (task, at) =>
                {
                    var (stageRdd, stageFunc) = stageTask();
                    results[pending[at]] = TravelBack(stageFunc(task, stageRdd.Iterator(task.PartitionIndex, task)), rdd);
                    done[pending[at]] = true;
                });
                return results;
            }
            catch (JobFailedException e) when (e.InnerException is FetchFailedException lost && attempt < MaxStageAttempts)
            {
                // An executor was lost with map outputs a stage needed: run those map partitions again, then the
                // tasks not done yet (those done keep their results, and their accumulator updates count once).
                SchedulerLog.FetchFailed(logger, jobId, lost.ShuffleId, lost.MapPartition, attempt);
            }
            catch (JobFailedException e)
            {
                SchedulerLog.JobFailed(logger, e, jobId);
                throw;
            }
        }
    }

    /// <summary>How many times a job's stages run again after fetch failures before the job fails (Spark's <c>spark.stage.maxConsecutiveAttempts</c>).</summary>
    private const int MaxStageAttempts = 4;

    private void RunMissingParents(JobRun job, Stage stage)
    {
        foreach (var parent in stage.Parents)
        {
            var shuffle = parent.Shuffle!;
            var missing = context.Shuffles.MissingMapOutputs(shuffle.ShuffleId);
            if (missing.Count == 0)
            {
                continue; // Computed by an earlier job over the same lineage: reuse, as Spark skips such stages.
            }

            RunMissingParents(job, parent);
            var mapTask = Travel(shuffle, shuffle.Parent.Description);
            job.RunTasks(parent, missing, (task, _) => mapTask().RunMapTask(task.PartitionIndex, task)); // only the outputs not there (lost ones included)
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
        if (context.Cluster is not null)
        {
            return () => (TTask)ExecutorNode.Current!.Read(binary); // read once on each executor, with its residents
        }

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
