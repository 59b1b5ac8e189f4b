using System.Reflection;
using Microsoft.Extensions.Logging;
using Sluice.Datasets;
using Sluice.Datasets.Executors;
using Sluice.Datasets.Executors.Remote;
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
        var published = new List<IDisposable>(); // stage binaries served to executor processes while the job runs
        try
        {
            var stageTask = Travel(new ResultTask<T, TResult>(rdd, func), rdd.Description, published);
            var resultInputs = context.Remote is null ? StageInputs.None : new StageInputs(rdd, PlacedRdds(rdd));
            var resultReads = ShufflesRead(resultStage);
            for (var attempt = 1; ; attempt++)
            {
                using var job = new JobRun(context, logger, jobId, action);
                try
                {
                    RunMissingParents(job, resultStage, published);
                    var pending = Enumerable.Range(0, partitions.Count).Where(index => !done[index]).ToArray();
                    job.RunTasks(resultStage, [.. pending.Select(index => partitions[index])], (task, at) =>
                    {
                        results[pending[at]] = stageTask.Remote is { } binary
                            ? (TResult)context.Remote!.RunResult(task, binary, resultInputs, resultReads)!
                            : RunLocally(stageTask.Local!(), task, rdd);
                        done[pending[at]] = true;
                    });
                    return results;
                }
                catch (JobFailedException e) when (e.InnerException is FetchFailedException lost && attempt < MaxStageAttempts)
                {
                    // An executor was lost with map outputs a stage needed: run those map partitions again, then the
                    // tasks not done yet (those done keep their results, and their accumulator updates count once).
                    // Its outputs are forgotten now, as Spark does, not when the failure detector gets to it.
                    SchedulerLog.FetchFailed(logger, jobId, lost.ShuffleId, lost.MapPartition, attempt);
                    if (lost.ExecutorId is { } holder)
                    {
                        ((IExecutorFleet?)context.Remote ?? context.Cluster)?.Tracker.RemoveExecutor(holder);
                    }
                }
                catch (JobFailedException e)
                {
                    if (e.InnerException is not StateVersionLostException)
                    {
                        SchedulerLog.JobFailed(logger, e, jobId); // a lost state version is the streaming layer's to handle, and say
                    }

                    throw;
                }
            }
        }
        finally
        {
            published.ForEach(binary => binary.Dispose());
        }
    }

    private TResult RunLocally<T, TResult>(ResultTask<T, TResult> stageTask, TaskContext task, Rdd rdd)
        => TravelBack(stageTask.Func(task, stageTask.Rdd.Iterator(task.PartitionIndex, task)), rdd);

    /// <summary>How many times a job's stages run again after fetch failures before the job fails (Spark's <c>spark.stage.maxConsecutiveAttempts</c>).</summary>
    private const int MaxStageAttempts = 4;

    private void RunMissingParents(JobRun job, Stage stage, List<IDisposable> published)
    {
        foreach (var parent in stage.Parents)
        {
            var shuffle = parent.Shuffle!;
            var missing = context.Shuffles.MissingMapOutputs(shuffle.ShuffleId);
            if (missing.Count == 0)
            {
                continue; // Computed by an earlier job over the same lineage: reuse, as Spark skips such stages.
            }

            RunMissingParents(job, parent, published);
            var mapTask = Travel(shuffle, shuffle.Parent.Description, published);
            var inputs = context.Remote is null ? StageInputs.None : new StageInputs(shuffle.Parent, PlacedRdds(shuffle.Parent));
            var reads = ShufflesRead(parent);
            job.RunTasks(parent, missing, (task, _) => // only the outputs not there (lost ones included)
            {
                if (mapTask.Remote is { } binary)
                {
                    context.Remote!.RunMap(task, binary, shuffle.ShuffleId, inputs, reads);
                }
                else
                {
                    mapTask.Local!().RunMapTask(task.PartitionIndex, task);
                }
            });
        }
    }

    /// <summary>
    /// What a stage's tasks run, as they get it. In the serializing mode it travels as bytes (docs/adr/0005): written
    /// once per stage, and read once by the process that runs the tasks, as an executor reads a stage's binary
    /// once for all its tasks of the stage; otherwise the tasks share the driver's objects. Executor processes fetch
    /// the binary from the driver, which serves it until the job ends (<paramref name="published"/>).
    /// </summary>
    private StageCode<TTask> Travel<TTask>(TTask task, string what, List<IDisposable> published)
        where TTask : class
    {
        if (!context.Serializing)
        {
            return new(() => task, null);
        }

        var binary = TaskWriter.Write(task, what, StageBoundary(task));
        if (context.Remote is not null)
        {
            var served = context.Remote.Publish(binary);
            published.Add(served);
            return new(null, served);
        }

        if (context.Cluster is not null)
        {
            return new(() => (TTask)ExecutorNode.Current!.Read(binary), null); // read once on each executor, with its residents
        }

        var read = new Lazy<TTask>(() => (TTask)TaskReader.Read(binary, context.Residents));
        return new(() => read.Value, null);
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
        foreach (var shuffle in StageLineage(rdd).SelectMany(current => current.Dependencies.OfType<ShuffleDependency>()))
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

        return found;
    }

    /// <summary>The shuffles a stage's tasks read: those of its parent stages.</summary>
    private static int[] ShufflesRead(Stage stage) => [.. stage.Parents.Select(parent => parent.Shuffle!.ShuffleId)];

    /// <summary>The datasets in a stage whose partitions are placed on executors.</summary>
    private static List<IPlacedRdd> PlacedRdds(Rdd rdd) => [.. StageLineage(rdd).OfType<IPlacedRdd>()];

    /// <summary>The datasets one stage computes: <paramref name="rdd"/> and what it reaches through narrow dependencies, each once.</summary>
    private static IEnumerable<Rdd> StageLineage(Rdd rdd)
    {
        var visited = new HashSet<int>();
        var pending = new Stack<Rdd>([rdd]);
        while (pending.TryPop(out var current))
        {
            if (!visited.Add(current.Id))
            {
                continue;
            }

            yield return current;
            foreach (var dependency in current.Dependencies.Where(dependency => dependency is not ShuffleDependency))
            {
                pending.Push(dependency.Parent);
            }
        }
    }

    /// <summary>A stage's task as its tasks get it: the object, read here (<c>Local</c>), or a binary served to executor processes (<c>Remote</c>).</summary>
    private readonly record struct StageCode<TTask>(Func<TTask>? Local, IDisposable? Remote);
}
