using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sluice.Driver;

/// <summary>
/// Runs the output jobs of submitted batches on <see cref="StreamingContextOptions.ConcurrentJobs"/> dedicated
/// threads, in submission order. A runner keeps no batch state: it tells the driver's loop when a job starts and
/// ends, and the loop keeps the batch's progress.
/// </summary>
internal sealed class JobRunners
{
    [ThreadStatic]
    private static JobRunners? t_owner;

    private readonly BlockingCollection<(JobSet Set, int Index)> _queue = new(new ConcurrentQueue<(JobSet, int)>());
    private readonly Thread[] _runners;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Func<DriverEvent, bool> _post;
    private volatile bool _abandon;

    /// <param name="concurrentJobs">How many jobs run at once.</param>
    /// <param name="clock">The context's clock, for start and end times.</param>
    /// <param name="logger">Where failed jobs are logged.</param>
    /// <param name="post">Tells the driver's loop of each job's start and end.</param>
    public JobRunners(int concurrentJobs, TimeProvider clock, ILogger logger, Func<DriverEvent, bool> post)
    {
        _clock = clock;
        _logger = logger;
        _post = post;
        _runners = new Thread[concurrentJobs];
        for (var i = 0; i < concurrentJobs; i++)
        {
            _runners[i] = new Thread(Run) { IsBackground = true, Name = $"sluice-job-runner-{i}" };
            _runners[i].Start();
        }
    }

    /// <summary>Whether the calling thread is one of these runners.</summary>
    public bool IsRunnerThread => t_owner == this;

    /// <summary>Queues every job of a batch.</summary>
    public void Enqueue(JobSet set)
    {
        for (var i = 0; i < set.Jobs.Count; i++)
        {
            _queue.Add((set, i));
        }
    }

    /// <summary>
    /// From now on queued jobs are dropped, not run, and a running job that ends (because the stop cancelled it) is
    /// reported as abandoned, not as a completed or failed batch.
    /// </summary>
    public void Abandon() => _abandon = true;

    /// <summary>Stops the runners once the queue is empty (or abandoned) and the current jobs have returned.</summary>
    public void Stop()
    {
        _queue.CompleteAdding();
        foreach (var runner in _runners)
        {
            if (runner != Thread.CurrentThread)
            {
                runner.Join();
            }
        }
    }

    private void Run()
    {
        t_owner = this;
        foreach (var (set, index) in _queue.GetConsumingEnumerable())
        {
            if (!_abandon)
            {
                RunJob(set, index);
            }
        }
    }

    private void RunJob(JobSet set, int index)
    {
        var job = set.Jobs[index];
        _post(new JobStarted(set, index, _clock.GetUtcNow()));
        Exception? failure = null;
        var placements = Datasets.TaskPlacements.Begin();
        try
        {
            job.Run();
        }
        catch (Exception error) when (!_abandon)
        {
            failure = error;
            if (job.OutputOperationId >= 0)
            {
                StreamingLog.JobFailed(_logger, error, job.OutputOperationId, job.Name, job.Time); // a failed generation was logged as such
            }
        }
        catch (Exception)
        {
            // The context is stopping without grace: the job was cancelled on purpose, not failed.
        }
        finally
        {
            Datasets.TaskPlacements.End();
        }

        _post(new JobCompleted(set, index, _clock.GetUtcNow(), failure, _abandon, placements.Snapshot()));
    }
}
