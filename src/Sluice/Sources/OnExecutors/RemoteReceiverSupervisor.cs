using Microsoft.Extensions.Logging;
using Sluice.Datasets.Executors.Remote;
using Sluice.Monitoring;
using Sluice.RateControl;
using Sluice.Storage;

namespace Sluice.Sources.OnExecutors;

/// <summary>
/// The driver's side of a receiver that runs on an executor process: runs it as a job of one long task (on the
/// executor its placement chose), starts it again elsewhere when that executor is lost, hands the blocks it reports
/// to the tracker, sends it back-pressure's rate and the stop, and logs and posts what it reports.
/// </summary>
internal sealed class RemoteReceiverSupervisor<T> : IReceiverSupervisor, IRemoteReceiverStream
{
    /// <summary>How long a stop waits for the receiver's last block before it gives up on it.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly StreamingContext _context;
    private readonly Receiver<T> _receiver;
    private readonly ReceiverTracker _tracker;
    private readonly StreamingListenerBus _listeners;
    private readonly RemoteExecutors _executors;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _name;
    private readonly Logging.LogThrottle _repeated;
    private Thread? _runner;
    private string? _executor;
    private double _rate;
    private long _generation;
    private long _lastSequence;

    public RemoteReceiverSupervisor(StreamingContext context, Receiver<T> receiver, int streamId, ReceiverTracker tracker, StreamingListenerBus listeners, ILogger logger)
    {
        (_context, _receiver, _tracker, _listeners, _logger) = (context, receiver, tracker, listeners, logger);
        _executors = context.SluiceContext.Remote ?? throw new InvalidOperationException("Receivers run on executors only with a cluster master.");
        StreamId = streamId;
        receiver.StreamId = streamId;
        _name = receiver.GetType().Name.Split('`')[0];
        _repeated = new Logging.LogThrottle(TimeProvider.System, ReceiverSupervisor<T>.RepeatedErrorInterval); // its restarts run on the executor, in real time
        var options = context.Options;
        _rate = options.BackpressureEnabled ? RateCap.Of(options.BackpressureInitialRate, options.ReceiverMaxRate) : 0;
        _executors.Receivers.Add(streamId, this);
    }

    public int StreamId { get; }

    /// <summary>Checks, as the stream is made, that <paramref name="receiver"/> can travel to an executor.</summary>
    /// <exception cref="InvalidOperationException">It holds something that cannot; the message names it.</exception>
    public static void CheckTravels(Receiver<T> receiver)
        => Datasets.CaptureCheck.Object(receiver, $"Receiver {receiver.GetType().Name.Split('`')[0]}", "Open connections, streams and threads in OnStart, not in the constructor.");

    /// <summary>Records stored on the executor and not yet in a block are not seen from here.</summary>
    public int Buffered => 0;

    public void Start()
    {
        var settings = new ReceiverSettings(_context.Options.BlockInterval, _context.Options.ReceiverRestartDelay, _context.Options.ReceiverMaxRate, Replicate: true);
        var job = new ReceiverRdd<T>(_context.SluiceContext, _receiver, settings);
        _runner = new Thread(() => RunUntilStopped(job)) { IsBackground = true, Name = $"sluice-receiver-{StreamId}" };
        _runner.Start();
    }

    /// <summary>Stops the receiver; returns once its last block is reported (or the stop timed out, which is logged).</summary>
    public void Stop()
    {
        _stopping.Cancel();
        if (Volatile.Read(ref _executor) is { } executor)
        {
            _executors.StopReceiver(executor, StreamId);
        }

        if (_runner is { } runner && !runner.Join(StopTimeout))
        {
            ReceiverLog.Error(_logger, null, _name, StreamId, $"did not stop on executor {_executor} within {StopTimeout.TotalSeconds:0} s: records it stored since its last block are not in any batch");
        }
    }

    public void CutBlock()
    {
        // Blocks come from the executor every block interval: a batch takes those reported by its time, as Spark's do.
    }

    public void UpdateRate(double recordsPerSecond)
    {
        var rate = RateCap.Of(recordsPerSecond, _context.Options.ReceiverMaxRate);
        Volatile.Write(ref _rate, rate);
        if (Volatile.Read(ref _executor) is { } executor)
        {
            _executors.SetReceiverRate(executor, StreamId, rate);
        }
    }

    public ReceiverLaunch Starting(string executorId)
    {
        if (_stopping.IsCancellationRequested)
        {
            // Started while the context stopped, after the stop went out: it registered before asking, so this finds it.
            _ = Task.Run(() => _executors.StopReceiver(executorId, StreamId));
        }

        lock (_gate)
        {
            _executor = executorId;

            // Above every block of earlier runs, so a late report from a lost executor never collides with a new block.
            var first = Math.Max(++_generation << 32, _lastSequence + 1);
            return new ReceiverLaunch(first, [], Volatile.Read(ref _rate));
        }
    }

    public void BlockStored(long sequence, int records, IReadOnlyList<string> holders)
    {
        lock (_gate)
        {
            _lastSequence = Math.Max(_lastSequence, sequence);
        }

        _tracker.AddBlock(StreamId, BlockId.ForStream(StreamId, sequence), records);
    }

    public void Reported(ReceiverEvent report)
    {
        var where = $"{report.Message ?? "no reason given"} (on executor {report.ExecutorId})";
        switch (report.Kind)
        {
            case ReceiverEventKind.Started:
                ReceiverLog.StartedOn(_logger, report.Name, report.StreamId, report.ExecutorId);
                Post(listener => listener.OnReceiverStarted, report, active: true);
                break;
            case ReceiverEventKind.Error:
                if (_repeated.ShouldLog(where, out var repeats))
                {
                    ReceiverLog.Error(_logger, null, report.Name, report.StreamId, where + repeats);
                }

                Post(listener => listener.OnReceiverError, report, active: !_stopping.IsCancellationRequested);
                break;
            default:
                ReceiverLog.Stopped(_logger, report.Name, report.StreamId, where);
                Post(listener => listener.OnReceiverStopped, report, active: false);
                break;
        }
    }

    public void ExecutorLost(string executorId)
    {
        if (Interlocked.CompareExchange(ref _executor, null, executorId) != executorId || _stopping.IsCancellationRequested)
        {
            return;
        }

        var message = $"its executor {executorId} was lost: it starts again on another executor, and what it had not stored in a block yet is lost";
        ReceiverLog.Error(_logger, null, _name, StreamId, message);
        PostError(message, null, executorId);
    }

    /// <summary>Runs the receiver's job until the context stops or the receiver stops itself; after a failure (its executor lost), again after the restart delay.</summary>
    private void RunUntilStopped(ReceiverRdd<T> job)
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                job.RunJob("receive", static (_, blocks) => blocks.Sum());
                return; // stopped: by the context, or by itself for good
            }
            catch (Exception error) when (!_stopping.IsCancellationRequested)
            {
                var message = $"Its task failed: {error.GetBaseException().Message}";
                ReceiverLog.Restarting(_logger, null, _name, StreamId, _context.Options.ReceiverRestartDelay.TotalSeconds, message);
                PostError(message, error, Interlocked.Exchange(ref _executor, null));
                _stopping.Token.WaitHandle.WaitOne(_context.Options.ReceiverRestartDelay);
            }
            catch (Exception)
            {
                return; // the context stopped while it ran
            }
        }
    }

    /// <summary>Tells listeners of an error the driver saw itself, naming the executor it concerns.</summary>
    private void PostError(string message, Exception? error, string? executorId)
    {
        var info = new ReceiverInfo(StreamId, _name, false, message, error, _context.Options.TimeProvider.GetUtcNow()) { Location = executorId };
        _listeners.Post(listener => listener.OnReceiverError(info));
    }

    private void Post(Func<IStreamingListener, Action<ReceiverInfo>> deliver, ReceiverEvent report, bool active)
    {
        var info = new ReceiverInfo(report.StreamId, report.Name, active, report.Kind == ReceiverEventKind.Started ? null : report.Message, null, _context.Options.TimeProvider.GetUtcNow()) { Location = report.ExecutorId };
        _listeners.Post(listener => deliver(listener)(info));
    }
}
