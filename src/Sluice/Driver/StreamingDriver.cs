using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sluice.Checkpointing;
using Sluice.Monitoring;
using Sluice.Streams;

namespace Sluice.Driver;

/// <summary>
/// The driver's one event loop. The timer posts <see cref="GenerateJobs"/> per batch time and the
/// job runners post <see cref="JobStarted"/> and <see cref="JobCompleted"/>; one thread reads them in order and alone
/// keeps the driver's state (the batches running, their progress, the newest completed), so no lock guards it. When a
/// batch's last job ends, the loop queues its checkpoint, forgets datasets no operator needs, tells the listeners, and
/// applies the failure policy. The reader is a thread of its own, not a thread-pool task, so user code that blocks
/// pool threads cannot delay batch generation.
/// </summary>
internal sealed class StreamingDriver
{
    // Synchronous continuations: a write wakes the loop thread itself, not a pool thread that then wakes it.
    private readonly Channel<DriverEvent> _events = Channel.CreateUnbounded<DriverEvent>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly Thread _loop;
    private readonly DStreamGraph _graph;
    private readonly JobRunners _runners;
    private readonly CheckpointWriter? _checkpoints;
    private readonly StreamingListenerBus _listeners;
    private readonly Action<JobSet> _onBatchFailed;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly RecurringTimer _timer;
    private readonly bool _stopAfterFailure;

    // The loop's own state: read and written by the loop thread only.
    private readonly SortedDictionary<DateTimeOffset, JobSet> _running = [];
    private readonly List<TaskCompletionSource<DateTimeOffset?>> _idleWaiters = [];
    private DateTimeOffset? _newestCompleted;

    // A command from outside, not state: once false, no batch is generated, even one already due.
    private volatile bool _generating = true;

    /// <param name="graph">The streams.</param>
    /// <param name="options">Concurrent jobs and the clock.</param>
    /// <param name="batchInterval">The interval between batches.</param>
    /// <param name="checkpoints">Where completed batches are checkpointed, if anywhere.</param>
    /// <param name="listeners">Who hears of batch progress.</param>
    /// <param name="stopAfterFailure">Whether a failed batch stops the context (and with it batch generation).</param>
    /// <param name="onBatchFailed">Called on the loop when a batch failed and it stops the context.</param>
    /// <param name="logger">The context's logger.</param>
    public StreamingDriver(DStreamGraph graph, StreamingContextOptions options, TimeSpan batchInterval, CheckpointWriter? checkpoints, StreamingListenerBus listeners, bool stopAfterFailure, Action<JobSet> onBatchFailed, ILogger logger)
    {
        _graph = graph;
        _checkpoints = checkpoints;
        _listeners = listeners;
        _onBatchFailed = onBatchFailed;
        _clock = options.TimeProvider;
        _logger = logger;
        _stopAfterFailure = stopAfterFailure;
        _runners = new JobRunners(options.ConcurrentJobs, _clock, logger, Post);
        _timer = new RecurringTimer(_clock, batchInterval, time => Post(new GenerateJobs(time)));
        _loop = new Thread(Run) { IsBackground = true, Name = "Sluice driver" };
    }

    /// <summary>Whether the calling thread runs output jobs (where a graceful stop would wait for itself).</summary>
    public bool IsRunnerThread => _runners.IsRunnerThread;

    /// <summary>Starts the loop; batch times in <paramref name="earlier"/> (a recovery's pending batches) are generated first.</summary>
    public void Start(DateTimeOffset firstBatch, IReadOnlyList<DateTimeOffset> earlier)
    {
        _loop.Start();
        foreach (var time in earlier)
        {
            Post(new GenerateJobs(time));
        }

        _timer.Start(firstBatch);
    }

    /// <summary>
    /// Stops generating batches. With <paramref name="drain"/>, every batch time already posted is generated
    /// first; without, batch times still queued are dropped.
    /// </summary>
    /// <returns>False when <paramref name="giveUp"/> ended the drain first.</returns>
    public bool StopGenerating(bool drain, CancellationToken giveUp)
    {
        _timer.Stop();
        var drained = true;
        if (drain)
        {
            var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = !Post(new Drain(handled)) || Wait(handled.Task, giveUp);
        }

        _generating = false;
        return drained;
    }

    /// <summary>Blocks until every submitted batch has completed, and gives the newest completed batch, if any.</summary>
    /// <returns>False when <paramref name="giveUp"/> ended the wait first.</returns>
    public bool WaitForIdle(CancellationToken giveUp, out DateTimeOffset? newestCompleted)
    {
        var idle = new TaskCompletionSource<DateTimeOffset?>(TaskCreationOptions.RunContinuationsAsynchronously);
        newestCompleted = null;
        if (!Post(new WaitIdle(idle)))
        {
            return true;
        }

        if (!Wait(idle.Task, giveUp))
        {
            return false;
        }

        newestCompleted = idle.Task.Result;
        return true;
    }

    private static bool Wait(Task task, CancellationToken giveUp)
    {
        try
        {
            task.Wait(giveUp);
            return true;
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Cancels without grace: queued jobs are dropped, running ones end as abandoned, and their batches never complete.</summary>
    public void Abandon() => _runners.Abandon();

    /// <summary>Ends the loop after the events already posted, then the runners.</summary>
    /// <remarks>
    /// The loop first: a stop without grace does not wait for a batch being generated (a slow source's offsets may
    /// take seconds), and that batch's jobs must find the runners still taking them (then dropped as abandoned).
    /// </remarks>
    public void Shutdown()
    {
        _generating = false;
        _events.Writer.TryComplete();
        if (_loop.IsAlive && Thread.CurrentThread != _loop)
        {
            _loop.Join();
        }

        _runners.Stop();
    }

    private bool Post(DriverEvent message) => _events.Writer.TryWrite(message); // false once shut down: the loop would never read it

    private void Run()
    {
        var reader = _events.Reader;

        // A thread of its own blocks between events; there is no caller to return to.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var message))
            {
                Handle(message);
            }
        }
    }

    private void Handle(DriverEvent message)
    {
        switch (message)
        {
            case GenerateJobs(var time):
                if (_generating)
                {
                    Generate(time);
                }

                break;
            case JobStarted(var set, var index, var at):
                if (set.Started(index, at, out var started))
                {
                    var batch = set.ToBatchInfo();
                    _listeners.Post(listener => listener.OnBatchStarted(batch));
                }

                _listeners.Post(listener => listener.OnOutputOperationStarted(started));
                break;
            case JobCompleted(var set, var index, var at, var failure, var abandoned, var tasks):
                var last = set.Completed(index, at, failure, tasks, out var completed);
                if (abandoned)
                {
                    break; // cancelled by a stop without grace: the batch never completes, so no checkpoint claims it
                }

                _listeners.Post(listener => listener.OnOutputOperationCompleted(completed));
                if (last)
                {
                    Complete(set);
                }

                break;
            case Drain(var handled):
                handled.SetResult();
                break;
            case WaitIdle(var idle):
                _idleWaiters.Add(idle);
                SignalIdle();
                break;
        }
    }

    /// <summary>
    /// The oldest batch generated and not yet completed (running or queued), which a checkpoint lists as pending;
    /// null when none. Read it on the driver's event loop only, where batches are generated: inputs ask while they
    /// plan one.
    /// </summary>
    internal DateTimeOffset? OldestUncompleted => _running.Count > 0 ? _running.Keys.First() : null;

    private void Generate(DateTimeOffset time)
    {
        List<StreamingJob> jobs;
        try
        {
            jobs = _graph.GenerateJobs(time);
        }
        catch (Exception error)
        {
            // A Transform function threw while building the batch. The batch still goes to the runners, as one
            // failing job, so listeners and the failure policy see it like any other.
            StreamingLog.GenerateFailed(_logger, error, time);
            jobs = [new StreamingJob(time, -1, "generateJobs", "graph", () => ExceptionDispatchInfo.Throw(error))];

            // The context stops on this failure: the batch times queued behind it would only fail alike.
            _generating = !_stopAfterFailure;
        }

        var set = new JobSet(time, jobs, _clock.GetUtcNow(), _graph.TakeInputReports(time));
        _running[time] = set;
        var info = set.ToBatchInfo();
        _listeners.Post(listener => listener.OnBatchSubmitted(info));
        if (jobs.Count == 0)
        {
            Complete(set);
        }
        else
        {
            _runners.Enqueue(set);
        }
    }

    /// <summary>A batch's last job ended: checkpoint it, forget what no operator needs, tell the listeners, apply the policy.</summary>
    private void Complete(JobSet set)
    {
        _running.Remove(set.Time);
        if (!set.HasFailed)
        {
            _newestCompleted = _newestCompleted is { } newest && newest > set.Time ? newest : set.Time;

            // Before ClearMetadata may fold this batch's state away: the writer copies what it saves now.
            _checkpoints?.BatchCompleted(set.Time, _newestCompleted.Value, [.. _running.Keys]);
        }

        _graph.ClearMetadata(set.Time);
        if (set.HasFailed && _stopAfterFailure)
        {
            _generating = false; // the batch times already due would only fail alike
            _onBatchFailed(set);
        }
        else if (set.HasFailed)
        {
            StreamingLog.BatchSkipped(_logger, set.Time);
        }

        var info = set.ToBatchInfo();
        _listeners.Post(listener => listener.OnBatchCompleted(info));
        SignalIdle();
    }

    private void SignalIdle()
    {
        if (_running.Count > 0)
        {
            return;
        }

        foreach (var idle in _idleWaiters)
        {
            idle.SetResult(_newestCompleted);
        }

        _idleWaiters.Clear();
    }
}
