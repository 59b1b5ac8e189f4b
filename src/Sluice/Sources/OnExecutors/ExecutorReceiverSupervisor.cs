using Microsoft.Extensions.Logging;
using Sluice.Datasets.Executors.Remote;
using Sluice.RateControl;
using Sluice.Storage;

namespace Sluice.Sources.OnExecutors;

/// <summary>
/// Runs one receiver on an executor process, as the driver's supervisor does on the driver: gathers stored records
/// into a block every block interval, stores each block here and copies it to a second executor, then reports it to
/// the driver, which acknowledges it; restarts the receiver after a failure; takes back-pressure's rate and the stop
/// from the driver. Its task holds an executor slot until the receiver stops for good.
/// Records are kept as bytes from the moment they are stored, as this executor's block store keeps them and as they
/// are copied: a receiver that stores bytes (a socket's lines) has them stored as read, never decoded here.
/// </summary>
internal sealed class ExecutorReceiverSupervisor<T> : IReceiverHost<T>, IHostedReceiver
{
    /// <summary>
    /// The records at which a block is cut before its interval ends: the receiver that stored them cuts it itself (a
    /// store of many records at once may pass it), and waits while it is stored, copied and reported. Blocks stay
    /// small enough to copy, and a source faster than that is held back (as Spark's bounded queue of blocks holds its
    /// receivers back) rather than filling memory.
    /// </summary>
    internal const int MaxBlockRecords = 50_000;

    private readonly Lock _gate = new();
    private readonly Lock _pushing = new(); // blocks are stored, copied and reported one at a time; taken before _gate
    private readonly Queue<EncodedBlock> _cut = new(); // blocks cut and not yet pushed, in the order cut; under _gate
    private readonly Receiver<T> _receiver;
    private readonly ReceiverSettings _settings;
    private readonly ExecutorRuntime _runtime;
    private readonly ILogger _logger;
    private readonly TokenBucketRateLimiter _limiter;
    private readonly ManualResetEventSlim _stopRequested = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Logging.LogThrottle _repeated = new(TimeProvider.System, ReceiverSupervisor<T>.RepeatedErrorInterval);
    private readonly EncodedRecordBuffer<T> _buffer = new(); // records stored since the last cut, as bytes
    private readonly ReceivedBlockPublisher _publisher;
    private bool _started;
    private bool _stoppedForGood;
    private bool _restartPending;
    private volatile bool _supervisorStopped;

    public ExecutorReceiverSupervisor(Receiver<T> receiver, ReceiverSettings settings, ExecutorRuntime runtime)
    {
        (_receiver, _settings, _runtime) = (receiver, settings, runtime);
        _logger = runtime.Context.LoggerFactory.CreateLogger(receiver.GetType().FullName!.Split('`')[0]);
        _limiter = new TokenBucketRateLimiter(TimeProvider.System, settings.MaxRate);
        _publisher = new ReceivedBlockPublisher(runtime, StreamId, Name, settings.Replicate, _logger, message => ReportError(message, null));
    }

    public bool IsReceiverStarted => _started && !_supervisorStopped;

    public ILogger Logger => _logger;

    private int StreamId => _receiver.StreamId;

    private string Name => _receiver.GetType().Name.Split('`')[0];

    /// <summary>Runs the receiver until the driver stops it, it stops itself, or the executor ends; returns the blocks stored.</summary>
    public long Run(CancellationToken executorEnding)
    {
        _runtime.Receivers.Add(StreamId, this); // before the driver hears of it, so its rate and stop find it
        try
        {
            var launch = _runtime.Peers.ReceiverStarting(StreamId, _runtime.Id);
            _publisher.Start(launch.FirstSequence, launch.Replicas);
            if (launch.Rate > 0)
            {
                SetRate(launch.Rate);
            }

            _receiver.Attach(this);
            using var blockTimer = new Timer(_ => CutBlock(waitForPush: false), null, _settings.BlockInterval, _settings.BlockInterval);
            StartReceiver();
            WaitHandle.WaitAny([_stopRequested.WaitHandle, executorEnding.WaitHandle]);
            lock (_gate)
            {
                _supervisorStopped = true;
            }

            _stopping.Cancel(); // wakes a reading thread waiting for rate tokens
            var driverThere = !executorEnding.IsCancellationRequested;
            StopReceiver("Stopped by the driver", null, forGood: true, lastBlock: driverThere);
            blockTimer.Dispose();
            if (driverThere)
            {
                CutBlock(waitForPush: true); // what a receiver that stopped itself stored since, before the task ends
            }

            return _publisher.Published;
        }
        finally
        {
            _runtime.Receivers.Remove(StreamId, this);
        }
    }

    public void SetRate(double recordsPerSecond)
        => _limiter.Rate = RateCap.Of(recordsPerSecond, _settings.MaxRate);

    public void Stop() => _stopRequested.Set();

    public void Store(T record)
    {
        AcquireTokens(1);
        bool full;
        lock (_gate)
        {
            ThrowIfStopped();
            _buffer.Write([record]);
            full = CutIfFull();
        }

        if (full)
        {
            PushCut(waitForPush: true); // on the receiving thread: a source faster than blocks are stored and copied waits for them
        }
    }

    public void StoreEncoded(ReadOnlySpan<byte> records, int count)
        => RatedPieces.ForEach<T>(records, count, _limiter.Rate, (piece, pieceCount) =>
        {
            AcquireTokens(pieceCount);
            bool full;
            lock (_gate)
            {
                ThrowIfStopped();
                _buffer.Write(piece, pieceCount);
                full = CutIfFull();
            }

            if (full)
            {
                PushCut(waitForPush: true);
            }
        });

    public void StoreBlock(T[] records)
    {
        AcquireTokens(records.Length);
        ThrowIfStopped();
        if (records.Length > 0)
        {
            var block = EncodedBlock.Of(records);
            lock (_gate)
            {
                _cut.Enqueue(block);
            }

            PushCut(waitForPush: true);
        }
    }

    public void ReportError(string message, Exception? error)
    {
        if (_repeated.ShouldLog(message, out var repeats))
        {
            ReceiverLog.Error(_logger, error, Name, StreamId, message + repeats);
        }

        Report(ReceiverEventKind.Error, message, error);
    }

    public void Restart(string message, Exception? error, TimeSpan? delay)
    {
        lock (_gate)
        {
            if (_supervisorStopped || _stoppedForGood || _restartPending)
            {
                return;
            }

            _restartPending = true;
        }

        var wait = delay ?? _settings.RestartDelay;
        if (_repeated.ShouldLog(message, out var repeats))
        {
            ReceiverLog.Restarting(_logger, error, Name, StreamId, wait.TotalSeconds, message + repeats);
        }

        Report(ReceiverEventKind.Error, $"{message} (restarting in {wait.TotalSeconds:0.#} s)", error);
        _ = Task.Run(async () =>
        {
            StopReceiver(message, error, forGood: false); // off the reading thread, which OnStop may wait for
            try
            {
                await Task.Delay(wait, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            StartReceiver();
        });
    }

    public void StopReceiver(string message, Exception? error, bool forGood) => StopReceiver(message, error, forGood, lastBlock: false);

    /// <summary>Stops the receiver (for a restart, or for good), and says so to the driver.</summary>
    /// <param name="message">Why.</param>
    /// <param name="error">The error that caused it, if any.</param>
    /// <param name="forGood">Whether the receiver's task ends.</param>
    /// <param name="lastBlock">
    /// Whether to store and report the records still buffered before saying the receiver stopped: the driver then has
    /// them all when it hears of the stop, and a graceful stop processes them.
    /// </param>
    private void StopReceiver(string message, Exception? error, bool forGood, bool lastBlock)
    {
        lock (_gate)
        {
            _stoppedForGood |= forGood;
            if (!_started)
            {
                return;
            }

            _started = false;
        }

        try
        {
            _receiver.OnStop();
        }
        catch (Exception stopError)
        {
            ReceiverLog.Error(_logger, stopError, Name, StreamId, "OnStop threw");
        }

        if (lastBlock)
        {
            CutBlock(waitForPush: true);
        }

        ReceiverLog.Stopped(_logger, Name, StreamId, message);
        Report(ReceiverEventKind.Stopped, message, error);
        if (forGood)
        {
            _stopRequested.Set(); // the receiver stopped itself: its task ends
        }
    }

    private void StartReceiver()
    {
        lock (_gate)
        {
            _restartPending = false;
            if (_supervisorStopped || _stoppedForGood || _started)
            {
                return;
            }

            _started = true;
        }

        try
        {
            _receiver.OnStart();
        }
        catch (Exception error)
        {
            lock (_gate)
            {
                _started = false;
            }

            Restart("Error starting receiver", error, null);
            return;
        }

        ReceiverLog.Started(_logger, Name, StreamId);
        Report(ReceiverEventKind.Started, null, null);
    }

    /// <summary>Cuts what is buffered into a block and pushes the blocks cut so far.</summary>
    /// <param name="waitForPush">
    /// Whether to wait for a push under way. A timer tick does not: ticks would pile up on the thread pool while a
    /// block is slow to store or copy, and the push under way, or the next tick, takes the block.
    /// </param>
    private void CutBlock(bool waitForPush)
    {
        lock (_gate)
        {
            if (_buffer.Count > 0)
            {
                Cut();
            }
            else
            {
                _buffer.Clear(); // an empty cut: a buffer a burst left large is dropped within a few intervals
            }
        }

        PushCut(waitForPush);
    }

    /// <summary>Cuts the buffered records once they reach <see cref="MaxBlockRecords"/>, and says whether it did; under <see cref="_gate"/>.</summary>
    private bool CutIfFull()
    {
        if (_buffer.Count < MaxBlockRecords)
        {
            return false;
        }

        Cut();
        return true;
    }

    /// <summary>Queues the buffered records as a block of their own bytes, and empties the buffer; under <see cref="_gate"/>.</summary>
    private void Cut()
    {
        _cut.Enqueue(_buffer.ToBlock());
        _buffer.Clear();
    }

    /// <summary>
    /// Pushes the blocks cut, one at a time and in the order cut, so their records reach the batches in the order they
    /// were stored: the receiving thread and timer ticks both cut blocks, and whoever holds the push lock pushes
    /// every block queued, its own and those cut meanwhile.
    /// </summary>
    private void PushCut(bool waitForPush)
    {
        if (waitForPush)
        {
            _pushing.Enter();
        }
        else if (!_pushing.TryEnter())
        {
            return;
        }

        try
        {
            while (true)
            {
                EncodedBlock? next;
                lock (_gate)
                {
                    if (!_cut.TryDequeue(out next))
                    {
                        return;
                    }
                }

                _publisher.Publish(next);
            }
        }
        finally
        {
            _pushing.Exit();
        }
    }

    private void AcquireTokens(int count)
    {
        try
        {
            _limiter.Acquire(count, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            ThrowIfStopped();
            throw;
        }
    }

    private void ThrowIfStopped()
    {
        if (_supervisorStopped)
        {
            throw new InvalidOperationException($"Receiver {Name} of stream {StreamId} was stopped: Store is no longer accepted. End the reading thread when IsStopped is true.");
        }
    }

    private void Report(ReceiverEventKind kind, string? message, Exception? error)
    {
        try
        {
            _runtime.Peers.ReceiverReported(new ReceiverEvent(StreamId, _runtime.Id, kind, Name, message, error?.ToString()));
        }
        catch (Exception reportError) when (reportError is IOException or InvalidOperationException)
        {
            ReceiverLog.Error(_logger, reportError, Name, StreamId, "Could not tell the driver");
        }
    }
}
