using Microsoft.Extensions.Logging;
using Sluice.Datasets.Operators;
using Sluice.Execution;

namespace Sluice.Datasets;

/// <summary>
/// One job in progress: runs a stage's tasks on the executors, retries each failed task up to
/// <see cref="SluiceOptions.MaxTaskFailures"/> times, and on a final failure cancels the job's other tasks.
/// </summary>
internal sealed class JobRun(SluiceContext context, ILogger logger, int jobId, string action) : IDisposable
{
    private readonly CancellationTokenSource _cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.StoppingToken);
    private JobFailedException? _failure;

    /// <summary>Runs <paramref name="body"/> for each partition index and blocks until all are done.</summary>
    /// <exception cref="JobFailedException">A task failed too many times.</exception>
    /// <exception cref="OperationCanceledException">The context stopped while the stage ran.</exception>
    public void RunTasks(Stage stage, IReadOnlyList<int> partitions, Action<TaskContext, int> body)
    {
        if (partitions.Count == 0)
        {
            return;
        }

        var remaining = partitions.Count;
        var placements = TaskPlacements.Current; // collected for the output operation that runs this job, if any

        // Not disposed: the last worker may still be inside Set() when Wait() returns, and without a wait handle
        // ever requested the event holds no unmanaged resource.
        var done = new ManualResetEventSlim();
        var maxFailures = context.Options.MaxTaskFailures;

        // The stage's sources that count records as they read, found once, when a task first reports a count.
        var counting = new Lazy<Dictionary<int, ICountsRecordsRead>>(() => Lineage(stage.Rdd).OfType<ICountsRecordsRead>().ToDictionary(rdd => rdd.Id));

        void Complete()
        {
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                done.Set();
            }
        }

        void Launch(int index, int attempt)
        {
            var description = new TaskDescription(jobId, stage.Id, partitions[index], attempt);
            try
            {
                context.Executors.Submit(description, () => RunAttempt(description, index, attempt));
            }
            catch (ObjectDisposedException)
            {
                Complete(); // The context stopped; RunTasks reports it as cancellation.
            }
        }

        void RunAttempt(TaskDescription description, int index, int attempt)
        {
            if (_cancellation.IsCancellationRequested)
            {
                Complete();
                return;
            }

            var task = new TaskContext(description, _cancellation.Token);
            TaskContext.SetCurrent(task);
            var succeeded = false;
            context.Tasks.Started();
            try
            {
                body(task, index);
                succeeded = true;
                placements?.Add(task.ExecutorId ?? Executors.ExecutorNode.Current?.Id ?? "driver");
                CountRecordsRead(counting, task);
                context.Accumulators.Merge(task.Accumulated);
                Complete();
            }
            catch (Exception error) when (!_cancellation.IsCancellationRequested && attempt + 1 < maxFailures && error is not (FetchFailedException or StateVersionLostException))
            {
                SchedulerLog.TaskRetried(logger, error, jobId, stage.Id, description.PartitionIndex, attempt);
                Launch(index, attempt + 1); // Recomputed from the lineage; nothing of the failed attempt is kept.
            }
            catch (Exception error)
            {
                if (!_cancellation.IsCancellationRequested)
                {
                    var culprit = OperatorErrors.OperatorOf(error) ?? stage.Rdd.Description;
                    Interlocked.CompareExchange(
                        ref _failure,
                        new JobFailedException(jobId, action, stage.Id, description.PartitionIndex, attempt + 1, culprit, error),
                        null);
                    _cancellation.Cancel();
                }

                Complete();
            }
            finally
            {
                context.Tasks.Ended(succeeded);
                TaskContext.SetCurrent(null);
            }
        }

        for (var i = 0; i < partitions.Count; i++)
        {
            Launch(i, 0);
        }

        // The driver thread blocks here by design (see DagScheduler's remarks); workers signal when all are done.
        done.Wait();
        if (_failure is not null)
        {
            throw _failure;
        }

        context.StoppingToken.ThrowIfCancellationRequested();
    }

    /// <summary>Gives the stage's source datasets what the task counted reading them.</summary>
    private static void CountRecordsRead(Lazy<Dictionary<int, ICountsRecordsRead>> sources, TaskContext task)
    {
        foreach (var (rddId, partition, records) in task.RecordsRead)
        {
            if (sources.Value.TryGetValue(rddId, out var source))
            {
                source.CountRead(partition, records);
            }
        }
    }

    /// <summary>A dataset and every dataset it depends on.</summary>
    private static IEnumerable<Rdd> Lineage(Rdd rdd)
    {
        var pending = new Stack<Rdd>([rdd]);
        var seen = new HashSet<int>();
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next.Id))
            {
                yield return next;
                foreach (var dependency in next.Dependencies)
                {
                    pending.Push(dependency.Parent);
                }
            }
        }
    }

    public void Dispose() => _cancellation.Dispose();
}
