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
    private readonly Lock _pushing = new(); // blocks are stored, copied and reported one at a time, in order
    private readonly Receiver<T> _receiver;
    private readonly ReceiverSettings _settings;
    private readonly ExecutorRuntime _runtime;
    private readonly ILogger _logger;
    private readonly TokenBucketRateLimiter _limiter;
    private readonly ManualResetEventSlim _stopRequested = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Logging.LogThrottle _repeated = new(TimeProvider.System, ReceiverSupervisor<T>.RepeatedErrorInterval);
    private readonly EncodedRecordBuffer<T> _buffer = new(); // records stored since the last cut, as bytes
    private List<string> _replicas = [];
    private long _lastSequence;
    private long _blocksStored;
    private bool _started;
    private bool _stoppedForGood;
    private bool _restartPending;
    private volatile bool _supervisorStopped;

    public ExecutorReceiverSupervisor(Receiver<T> receiver, ReceiverSettings settings, ExecutorRuntime runtime)
    {
        (_receiver, _settings, _runtime) = (receiver, settings, runtime);
        _logger = runtime.Context.LoggerFactory.CreateLogger(receiver.GetType().FullName!.Split('`')[0]);
        _limiter = new TokenBucketRateLimiter(TimeProvider.System, settings.MaxRate);
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
            (_lastSequence, _replicas) = (launch.FirstSequence - 1, [.. launch.Replicas]);
            if (launch.Rate > 0)
            {
                SetRate(launch.Rate);
            }

            _receiver.Attach(this);
            using var blockTimer = new Timer(_ => CutBlock(), null, _settings.BlockInterval, _settings.BlockInterval);
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
                CutBlock(); // what a receiver that stopped itself stored since, before the task ends
            }

            return Interlocked.Read(ref _blocksStored);
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
        EncodedBlock? full;
        lock (_gate)
        {
            ThrowIfStopped();
            _buffer.Write([record]);
            full = TakeIfFull();
        }

        if (full is not null)
        {
            Push(full); // on the receiving thread: a source faster than blocks are stored and copied waits for them
        }
    }

    public void StoreEncoded(ReadOnlySpan<byte> records, int count)
        => RatedPieces.ForEach<T>(records, count, _limiter.Rate, (piece, pieceCount) =>
        {
            AcquireTokens(pieceCount);
            EncodedBlock? full;
            lock (_gate)
            {
                ThrowIfStopped();
                _buffer.Write(piece, pieceCount);
                full = TakeIfFull();
            }

            if (full is not null)
            {
                Push(full);
            }
        });

    public void StoreBlock(T[] records)
    {
        AcquireTokens(records.Length);
        ThrowIfStopped();
        if (records.Length > 0)
        {
            Push(EncodedBlock.Of(records));
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
            CutBlock();
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

    private void CutBlock()
    {
        EncodedBlock full;
        lock (_gate)
        {
            if (_buffer.Count == 0)
            {
                return;
            }

            full = TakeBlock();
        }

        Push(full);
    }

    /// <summary>The buffered records as a block once they reach <see cref="MaxBlockRecords"/>, else null; under the lock.</summary>
    private EncodedBlock? TakeIfFull() => _buffer.Count < MaxBlockRecords ? null : TakeBlock();

    /// <summary>The buffered records as a block of their own bytes, and the buffer emptied; under the lock.</summary>
    private EncodedBlock TakeBlock()
    {
        var block = _buffer.ToBlock();
        _buffer.Clear();
        return block;
    }

    /// <summary>Stores the block here, copies it to a second executor, and reports it to the driver.</summary>
    private void Push(EncodedBlock block)
    {
        lock (_pushing)
        {
            var sequence = ++_lastSequence;
            var id = BlockId.ForStream(StreamId, sequence);
            var encoded = _runtime.StoreReceived(id, block);
            List<string> holders = [_runtime.Id];
            if (_settings.Replicate && Replicate(id, encoded) is { } replica)
            {
                holders.Add(replica);
            }

            try
            {
                _runtime.Peers.BlockStored(StreamId, sequence, block.Count, holders);
                Interlocked.Increment(ref _blocksStored);
            }
            catch (IOException error)
            {
                ReceiverLog.Error(_logger, error, Name, StreamId, $"The driver did not take block {id} of {block.Count} records: they are lost unless the source sends them again");
            }
        }
    }

    /// <summary>The executor that took a copy of the block; null when none could, which is reported.</summary>
    private string? Replicate(BlockId id, byte[] encoded)
    {
        while (_replicas.Count > 0)
        {
            var replica = _replicas[0];
            try
            {
                _runtime.Peers.Replicate(replica, id.ToString(), encoded);
                return replica;
            }
            catch (IOException error)
            {
                ReceiverLog.Error(_logger, error, Name, StreamId, $"Could not copy block {id} to executor {replica}; trying the next one");
                _replicas.RemoveAt(0);
            }
        }

        try
        {
            _replicas = [.. _runtime.Peers.ReceiverReplicas(_runtime.Id)]; // executors that joined since, for the next block
        }
        catch (IOException error)
        {
            ReceiverLog.Error(_logger, error, Name, StreamId, "Could not ask the driver for executors to copy blocks to");
        }

        ReportError($"Received blocks are held by executor {_runtime.Id} alone: no other executor took a copy, so losing this one loses their records. Run at least two executors.", null);
        return null;
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
