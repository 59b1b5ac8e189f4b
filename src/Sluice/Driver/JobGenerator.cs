using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Sluice.Streams;

namespace Sluice.Driver;

/// <summary>
/// The driver's event loop (STYLE.md rule 10): the timer posts a <see cref="GenerateJobs"/> per batch time, the job
/// scheduler posts <see cref="ClearMetadata"/> per completed batch, and one reader handles them in order, so graph
/// state is touched by one thread at a time. The reader is a thread of its own, not a thread-pool task, so
/// user code that blocks pool threads cannot delay batch generation.
/// </summary>
internal sealed class JobGenerator
{
    private readonly BlockingCollection<JobGeneratorEvent> _events = [];
    private readonly Thread _loop;
    private readonly DStreamGraph _graph;
    private readonly StreamingJobScheduler _scheduler;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly RecurringTimer _timer;
    private readonly bool _stopAfterFailure;
    private volatile bool _generating = true;

    public JobGenerator(
        DStreamGraph graph, StreamingJobScheduler scheduler, TimeProvider clock, TimeSpan batchInterval, bool stopAfterFailure, ILogger logger)
    {
        _stopAfterFailure = stopAfterFailure;
        _graph = graph;
        _scheduler = scheduler;
        _clock = clock;
        _logger = logger;
        _timer = new RecurringTimer(clock, batchInterval, time => Post(new GenerateJobs(time)));
        _loop = new Thread(Run) { IsBackground = true, Name = "Sluice job generator" };
    }

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

    public void OnBatchCompleted(DateTimeOffset time) => Post(new ClearMetadata(time));

    /// <summary>
    /// From now on no batch is generated, not even those already due: a batch failed and the context stops, so a
    /// graceful stop in progress does not run every batch time still queued only to fail each the same way.
    /// </summary>
    public void StopGenerating() => _generating = false;

    /// <summary>
    /// Stops generating batches. With <paramref name="drain"/>, every batch time already posted is generated
    /// first; without, batch times still queued are dropped.
    /// </summary>
    public void Stop(bool drain)
    {
        _timer.Stop();
        if (drain)
        {
            // Not disposed: the loop may still be inside Set() when Wait() returns (no wait handle is ever made).
            var handled = new ManualResetEventSlim();
            if (Post(new Drain(handled)))
            {
                handled.Wait();
            }
        }

        _generating = false;
    }

    /// <summary>Ends the loop after the events already posted; called once the job scheduler is idle or abandoned.</summary>
    public void Shutdown()
    {
        _events.CompleteAdding();
        if (_loop.IsAlive && Thread.CurrentThread != _loop)
        {
            _loop.Join();
        }
    }

    private bool Post(JobGeneratorEvent message)
    {
        try
        {
            return _events.TryAdd(message);
        }
        catch (InvalidOperationException)
        {
            return false; // shut down: events after the end are dropped, as the loop would never read them
        }
    }

    private void Run()
    {
        foreach (var message in _events.GetConsumingEnumerable())
        {
            Handle(message);
        }
    }

    private void Handle(JobGeneratorEvent message)
    {
        switch (message)
        {
            case GenerateJobs when !_generating:
                break;
            case GenerateJobs(var time):
                List<StreamingJob> jobs;
                try
                {
                    jobs = _graph.GenerateJobs(time);
                }
                catch (Exception error)
                {
                    // A Transform function threw while building the batch. The batch still goes through the job
                    // scheduler, as one failing job, so listeners and the failure policy see it like any other.
                    StreamingLog.GenerateFailed(_logger, error, time);
                    jobs = [new StreamingJob(time, -1, "generateJobs", "graph", () => ExceptionDispatchInfo.Throw(error))];

                    // The context stops on this failure: the batch times queued behind it would only fail alike.
                    _generating = !_stopAfterFailure;
                }

                _scheduler.Submit(new JobSet(time, jobs, _clock.GetUtcNow(), _graph.TakeInputReports(time)));
                break;
            case ClearMetadata(var time):
                _graph.ClearMetadata(time);
                break;
            case Drain(var handled):
                handled.Set();
                break;
        }
    }
}
