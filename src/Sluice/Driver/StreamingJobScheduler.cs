using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sluice.Monitoring;

namespace Sluice.Driver;

/// <summary>
/// Runs the output jobs of submitted batches on <see cref="StreamingContextOptions.ConcurrentJobs"/> dedicated job
/// runner threads, in submission order, and reports batch progress to the listeners.
/// </summary>
internal sealed class StreamingJobScheduler
{
    [ThreadStatic]
    private static StreamingJobScheduler? t_owner;

    private readonly BlockingCollection<(JobSet Set, int Index)> _queue = new(new ConcurrentQueue<(JobSet, int)>());
    private readonly Thread[] _runners;
    private readonly TimeProvider _clock;
    private readonly StreamingListenerBus _listeners;
    private readonly ILogger _logger;
    private readonly Action<JobSet> _onBatchCompleted;
    private readonly object _idleGate = new(); // Monitor, for Wait/PulseAll
    private readonly SortedSet<DateTimeOffset> _pendingBatches = [];
    private volatile bool _abandon;

    public StreamingJobScheduler(int concurrentJobs, TimeProvider clock, StreamingListenerBus listeners, ILogger logger, Action<JobSet> onBatchCompleted)
    {
        _clock = clock;
        _listeners = listeners;
        _logger = logger;
        _onBatchCompleted = onBatchCompleted;
        _runners = new Thread[concurrentJobs];
        for (var i = 0; i < concurrentJobs; i++)
        {
            _runners[i] = new Thread(Run) { IsBackground = true, Name = $"sluice-job-runner-{i}" };
            _runners[i].Start();
        }
    }

    /// <summary>Whether the calling thread is one of this scheduler's job runners.</summary>
    public bool IsRunnerThread => t_owner == this;

    public void Submit(JobSet set)
    {
        lock (_idleGate)
        {
            _pendingBatches.Add(set.Time);
        }

        var info = set.ToBatchInfo();
        _listeners.Post(listener => listener.OnBatchSubmitted(info));
        if (set.Jobs.Count == 0)
        {
            Finish(set);
            return;
        }

        for (var i = 0; i < set.Jobs.Count; i++)
        {
            _queue.Add((set, i));
        }
    }

    /// <summary>The times of the batches submitted and not completed, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> PendingTimes()
    {
        lock (_idleGate)
        {
            return [.. _pendingBatches];
        }
    }

    /// <summary>Blocks until every submitted batch has completed.</summary>
    public void WaitForIdle()
    {
        lock (_idleGate)
        {
            while (_pendingBatches.Count > 0)
            {
                Monitor.Wait(_idleGate);
            }
        }
    }

    /// <summary>
    /// From now on queued jobs are dropped, not run, and a running job that throws (because the stop cancelled
    /// it) is not reported as a failed batch.
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
            if (_abandon)
            {
                continue;
            }

            RunJob(set, index);
        }
    }

    private void RunJob(JobSet set, int index)
    {
        var job = set.Jobs[index];
        if (set.Started(index, _clock.GetUtcNow(), out var started))
        {
            var batch = set.ToBatchInfo();
            _listeners.Post(listener => listener.OnBatchStarted(batch));
        }

        _listeners.Post(listener => listener.OnOutputOperationStarted(started));
        Exception? failure = null;
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

        var last = set.Completed(index, _clock.GetUtcNow(), failure, out var completed);
        _listeners.Post(listener => listener.OnOutputOperationCompleted(completed));
        if (last)
        {
            Finish(set);
        }
    }

    private void Finish(JobSet set)
    {
        var info = set.ToBatchInfo();

        // First, so a listener that sees the batch complete also sees its checkpoint queued.
        _onBatchCompleted(set);
        _listeners.Post(listener => listener.OnBatchCompleted(info));
        lock (_idleGate)
        {
            _pendingBatches.Remove(set.Time);
            if (_pendingBatches.Count == 0)
            {
                Monitor.PulseAll(_idleGate);
            }
        }
    }
}
