using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Sluice.Monitoring;
using Sluice.RateControl;
using Sluice.Serialization;
using Sluice.Storage;

namespace Sluice.Sources;

/// <summary>
/// Runs one receiver for a context: occupies a worker thread while the context runs (as Spark's receiver task
/// does), gathers stored records into a block every block interval, puts each block in the block store and
/// registers it with the tracker, and restarts the receiver after a failure for as long as the context runs.
/// </summary>
internal sealed class ReceiverSupervisor<T> : IReceiverSupervisor, IReceiverHost<T>
{
    private readonly Lock _gate = new();
    private readonly Receiver<T> _receiver;
    private readonly StreamingContext _context;
    private readonly ReceiverTracker _tracker;
    private readonly StreamingListenerBus _listeners;
    private readonly ILogger _logger;
    private readonly TokenBucketRateLimiter _limiter;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Logging.LogThrottle _repeated;
    private List<T> _buffer = [];
    private readonly EncodedRecordBuffer<T> _encoded = new(); // records stored as bytes since the last cut, after _buffer's
    private long _nextBlock;
    private volatile ReceiverState _state;
    private volatile bool _supervisorStopped;
    private bool _stoppedForGood;
    private bool _restartPending;
    private ITimer? _blockTimer;
    private ITimer? _restartTimer;
    private ReceivedBlockLog? _log;

    public ReceiverSupervisor(StreamingContext context, Receiver<T> receiver, int streamId, ReceiverTracker tracker, StreamingListenerBus listeners, ILogger logger)
    {
        _context = context;
        _receiver = receiver;
        _tracker = tracker;
        _listeners = listeners;
        _logger = logger;
        StreamId = streamId;
        receiver.StreamId = streamId;
        receiver.Attach(this);
        var options = context.Options;
        var initial = options.BackpressureEnabled ? RateCap.Of(options.BackpressureInitialRate, options.ReceiverMaxRate) : options.ReceiverMaxRate;
        _limiter = new TokenBucketRateLimiter(options.TimeProvider, initial);
        _repeated = new Logging.LogThrottle(options.TimeProvider, RepeatedErrorInterval);
    }

    /// <summary>How often an error that keeps recurring (a server that refuses every reconnect) is logged again, with a count.</summary>
    public static readonly TimeSpan RepeatedErrorInterval = TimeSpan.FromSeconds(5);

    public int StreamId { get; }

    public ILogger Logger => _logger;

    /// <summary>Whether the receiver runs: false from the moment the supervisor starts stopping, before OnStop has run.</summary>
    public bool IsReceiverStarted => _state == ReceiverState.Started && !_supervisorStopped;

    /// <summary>The receiver's type name without a generic arity (<c>SocketReceiver</c>, not <c>SocketReceiver`1</c>).</summary>
    private string Name => _receiver.GetType().Name.Split('`')[0];

    private TimeProvider Clock => _context.Options.TimeProvider;

    /// <summary>The write-ahead log, when the context keeps one; opened by <see cref="OpenLog"/>.</summary>
    public ReceivedBlockLog? Log => _log;

    /// <summary>
    /// Called when <see cref="Start"/> opens the log without a recovery: blocks it holds were acknowledged before a
    /// crash that left no checkpoint, and belong to the first batch.
    /// </summary>
    public Action<ReceivedBlockLog>? OnLogOpenedWithoutRecovery { get; set; }

    /// <summary>
    /// Opens the stream's write-ahead log in the checkpoint storage, when the context keeps one; after a recovery,
    /// before <see cref="Start"/>.
    /// </summary>
    public ReceivedBlockLog? OpenLog()
    {
        if (_log is null && _context.Options.ReceiverWriteAheadLog && _context.CheckpointStorage is { } storage)
        {
            _log = new ReceivedBlockLog(storage, StreamId, _context.LocalCheckpointDirectory, _logger);
        }

        return _log;
    }

    /// <summary>Continues block numbering after the blocks a recovery found in the log.</summary>
    public void ContinueAfter(long sequence)
    {
        lock (_gate)
        {
            _nextBlock = Math.Max(_nextBlock, sequence);
        }
    }

    public void Start()
    {
        if (_log is null && OpenLog() is { } log)
        {
            OnLogOpenedWithoutRecovery?.Invoke(log);
        }

        // The receiver reads on a thread of its own and holds no worker (Spark's receiver holds a core for its whole
        // life): it costs CPU only while bytes arrive, and every worker of local[N] processes (docs/adr/0019).
        var interval = _context.Options.BlockInterval;
        _blockTimer = Clock.CreateTimer(_ => CutBlock(), null, interval, interval);
        StartReceiver();
    }

    public void Stop()
    {
        lock (_gate)
        {
            _supervisorStopped = true;
            _restartTimer?.Dispose();
            _blockTimer?.Dispose();
        }

        _stopping.Cancel(); // Wakes a receiving thread waiting for rate tokens; its Store then reports the stop.

        StopReceiver("Stopped by the streaming context", null, forGood: true);
        CutBlock();
        _log?.Dispose();
    }

    /// <summary>Sets the rate back-pressure estimated, never above <see cref="StreamingContextOptions.ReceiverMaxRate"/>.</summary>
    public void UpdateRate(double recordsPerSecond) => _limiter.Rate = RateCap.Of(recordsPerSecond, _context.Options.ReceiverMaxRate);

    /// <summary>The records stored and not yet cut into a block.</summary>
    public int Buffered
    {
        get
        {
            lock (_gate)
            {
                return _buffer.Count + _encoded.Count;
            }
        }
    }

    public void Store(T record)
    {
        AcquireTokens(1); // Outside the lock: waiting for tokens must not hold up block cutting.
        lock (_gate)
        {
            ThrowIfSupervisorStopped();
            if (_encoded.Count > 0)
            {
                _encoded.Write([record]); // after the encoded records, so in their order
            }
            else
            {
                _buffer.Add(record);
            }
        }
    }

    public void StoreEncoded(ReadOnlySpan<byte> records, int count)
        => RatedPieces.ForEach<T>(records, count, _limiter.Rate, (piece, pieceCount) =>
        {
            AcquireTokens(pieceCount);
            Append(piece, pieceCount);
        });

    private void Append(ReadOnlySpan<byte> records, int count)
    {
        lock (_gate)
        {
            ThrowIfSupervisorStopped();
            if (_buffer.Count > 0)
            {
                // Records stored one by one come first; the block is then all bytes, in the order stored.
                _encoded.Write(CollectionsMarshal.AsSpan(_buffer));
                _buffer.Clear();
            }

            _encoded.Write(records, count);
        }
    }

    public void StoreBlock(T[] records)
    {
        AcquireTokens(records.Length);

        // Under the lock, as in CutBlock: a stop either refuses the block or comes after it is pending, so a
        // graceful stop waits for it.
        lock (_gate)
        {
            ThrowIfSupervisorStopped();
            PushBlock(records);
        }
    }

    public void CutBlock()
    {
        // Cut and push under one lock: a batch that takes blocks (which cuts first) must find the records either
        // still in the buffer or already pending, never in between. Lock order: supervisor, then tracker.
        lock (_gate)
        {
            try
            {
                if (_encoded.Count > 0)
                {
                    PushEncoded(_encoded.ToBlock());
                }
                else if (_buffer.Count > 0)
                {
                    PushBlock([.. _buffer]);
                    _buffer = new List<T>(_buffer.Count);
                }

                _encoded.Clear(); // an empty cut too: a buffer a burst left large is dropped within a few intervals
            }
            catch (IOException error)
            {
                // Not durable, so not stored: the records wait in the buffer for the next cut.
                ReceiverLog.Error(_logger, error, Name, StreamId, "The write-ahead log could not take a block; retrying at the next block interval");
            }
        }
    }

    public void ReportError(string message, Exception? error)
    {
        if (_repeated.ShouldLog(message, out var repeats))
        {
            ReceiverLog.Error(_logger, error, Name, StreamId, message + repeats);
        }

        Post((listener, info) => listener.OnReceiverError(info), active: IsReceiverStarted, message, error);
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

        var wait = delay ?? _context.Options.ReceiverRestartDelay;
        if (_repeated.ShouldLog(message, out var repeats))
        {
            ReceiverLog.Restarting(_logger, error, Name, StreamId, wait.TotalSeconds, message + repeats);
        }

        // Off the caller's thread: Restart is usually called from the receiver's own reading thread, which OnStop
        // may wait for. The error event goes out once the restart is scheduled, so whoever sees it can rely on that.
        _ = Task.Run(() =>
        {
            StopReceiver(message, error, forGood: false);
            lock (_gate)
            {
                if (_supervisorStopped)
                {
                    return;
                }

                _restartTimer?.Dispose();
                _restartTimer = Clock.CreateTimer(_ => StartReceiver(), null, wait, Timeout.InfiniteTimeSpan);
            }

            Post((listener, info) => listener.OnReceiverError(info), active: false, message, error);
        });
    }

    public void StopReceiver(string message, Exception? error, bool forGood)
    {
        lock (_gate)
        {
            _stoppedForGood |= forGood;
            var wasStarted = _state == ReceiverState.Started;
            _state = ReceiverState.Stopped;
            if (!wasStarted)
            {
                return;
            }
        }

        try
        {
            _receiver.OnStop();
        }
        catch (Exception stopError)
        {
            ReceiverLog.Error(_logger, stopError, Name, StreamId, "OnStop threw");
        }

        ReceiverLog.Stopped(_logger, Name, StreamId, message);
        Post((listener, info) => listener.OnReceiverStopped(info), active: false, error is null ? null : message, error);
    }

    private void StartReceiver()
    {
        lock (_gate)
        {
            _restartPending = false;
            if (_supervisorStopped || _stoppedForGood || _state == ReceiverState.Started)
            {
                return;
            }

            // Started before OnStart runs, so a reading thread it starts does not see itself stopped.
            _state = ReceiverState.Started;
        }

        try
        {
            _receiver.OnStart();
        }
        catch (Exception error)
        {
            lock (_gate)
            {
                _state = ReceiverState.Stopped;
            }

            Restart("Error starting receiver", error, null);
            return;
        }

        ReceiverLog.Started(_logger, Name, StreamId);
        Post((listener, info) => listener.OnReceiverStarted(info), active: true, null, null);
    }

    private void PushBlock(T[] records)
    {
        if (records.Length == 0)
        {
            return;
        }

        var logged = ReadOnlyMemory<byte>.Empty;
        if (_log is not null)
        {
            var payload = new ArrayBufferWriter<byte>();
            RecordBlock.Write<T>(records, RecordCodecs.Default<T>(), payload, "Received records");
            logged = payload.WrittenMemory;
        }

        Push(records.Length, logged, id => _context.SluiceContext.Blocks.Put(id, records));
    }

    /// <summary>As <see cref="PushBlock"/>, for records kept as bytes: the write-ahead log takes the same bytes.</summary>
    private void PushEncoded(EncodedBlock block) => Push(block.Count, block.Bytes, id => _context.SluiceContext.Blocks.PutEncoded(id, block));

    private void Push(int count, ReadOnlyMemory<byte> logged, Action<BlockId> store)
    {
        var sequence = Interlocked.Increment(ref _nextBlock);
        _log?.Append(sequence, count, logged); // durable before anyone is told it is stored
        var id = BlockId.ForStream(StreamId, sequence);
        store(id);
        _tracker.AddBlock(StreamId, id, count);
    }

    private void AcquireTokens(int count)
    {
        try
        {
            _limiter.Acquire(count, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            ThrowIfSupervisorStopped();
            throw;
        }
    }

    private void ThrowIfSupervisorStopped()
    {
        if (_supervisorStopped)
        {
            throw new InvalidOperationException($"Receiver {Name} of stream {StreamId} was stopped: Store is no longer accepted. End the reading thread when IsStopped is true.");
        }
    }

    private void Post(Action<IStreamingListener, ReceiverInfo> deliver, bool active, string? message, Exception? error)
    {
        var info = new ReceiverInfo(StreamId, Name, active, message, error, Clock.GetUtcNow());
        _listeners.Post(listener => deliver(listener, info));
    }
}
