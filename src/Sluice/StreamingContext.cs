using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Driver;
using Sluice.Monitoring;
using Sluice.Sources;
using Sluice.Stateful;
using Sluice.Streams;
using Sluice.Streams.Operators;

namespace Sluice;

/// <summary>
/// The entry point of a streaming application, as Spark's <c>StreamingContext</c>: holds the batch interval and
/// the graph of streams, and once started cuts a batch every interval and runs its output operations.
/// </summary>
/// <remarks>
/// Build the graph (input streams, transformations, at least one output operation), then <see cref="Start"/>.
/// A context starts once and stops once. Batch times are multiples of the batch interval since the Unix epoch,
/// read from <see cref="StreamingContextOptions.TimeProvider"/>.
/// </remarks>
public sealed partial class StreamingContext : IDisposable, Execution.Tasks.IResident
{
    private readonly Lock _lifecycle = new();
    private readonly TaskCompletionSource _termination = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly StreamingListenerBus _listeners;
    private readonly StreamingMetrics _metrics;
    private readonly ILogger _logger;
    private StreamingDriver? _driver;
    private SignalShutdown? _signalShutdown;
    private Exception? _error;

    /// <summary>Creates a context that cuts a batch every <paramref name="batchInterval"/>.</summary>
    /// <param name="options">Master, clock, failure policy and the rest; <see langword="null"/> for defaults.</param>
    /// <param name="batchInterval">A positive whole number of milliseconds.</param>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not positive or not a whole number of milliseconds.</exception>
    public StreamingContext(StreamingContextOptions? options, TimeSpan batchInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(batchInterval, TimeSpan.Zero);
        if (batchInterval.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchInterval), batchInterval, "The batch interval must be a whole number of milliseconds.");
        }

        Options = options ?? new StreamingContextOptions();
        BatchInterval = batchInterval;
        SluiceContext = new SluiceContext(Options);
        _logger = SluiceContext.LoggerFactory.CreateLogger<StreamingContext>();
        _listeners = new StreamingListenerBus(SluiceContext.LoggerFactory.CreateLogger<StreamingListenerBus>());
        _listeners.Add(_metrics = new StreamingMetrics(Options.AppName));
        _listeners.Add(new StreamingTraces(Options.AppName));
        _listeners.Add(new FallingBehindWatch(batchInterval, Options.BackpressureEnabled, Options.TimeProvider, SluiceContext.LoggerFactory.CreateLogger<FallingBehindWatch>()));
        Graph = new DStreamGraph(this);
        Receivers = new ReceiverTracker();
        SluiceContext.Residents.Register(this);
        SluiceContext.Residents.Register(States);
    }

    string Execution.Tasks.IResident.ResidentName => "streaming-context";

    /// <summary>The interval at which batches are cut.</summary>
    public TimeSpan BatchInterval { get; }

    /// <summary>The validated options.</summary>
    public StreamingContextOptions Options { get; }

    /// <summary>The dataset context that runs each batch's jobs.</summary>
    public SluiceContext SluiceContext { get; }

    /// <summary>Where the context is in its lifecycle.</summary>
    public StreamingState State { get; private set; }

    internal DStreamGraph Graph { get; }

    internal ReceiverTracker Receivers { get; }

    internal StreamingListenerBus Listeners => _listeners;

    /// <summary>Where stateful operators keep their state, by operator identity.</summary>
    internal MemoryStateStore States { get; } = new();

    /// <summary>Where checkpoints go (<see cref="ICheckpointStorage.Location"/>: a directory path or a URI), or <see langword="null"/>.</summary>
    public string? CheckpointDirectory { get; private set; }

    internal ILogger LoggerFactoryFor<TCategory>() => SluiceContext.LoggerFactory.CreateLogger<TCategory>();

    /// <summary>Cancelled when a stop begins, graceful or not: inputs that wait on their source (a Kafka group's assignment) give up waiting.</summary>
    public CancellationToken StoppingToken => _stopping.Token;

    /// <summary>What input streams hold open while the context runs (a Kafka stream's consumers), closed when it stops, after the last batch is generated.</summary>
    private List<IDisposable> StopResources { get; } = [];

    /// <summary>
    /// Disposes <paramref name="resource"/> when the context stops, after the last batch is generated (and, for a
    /// graceful stop, completed): for what a connector holds open while the context runs, such as a client, a
    /// consumer or a server. Resources are disposed in the order they were registered, also when the context stops
    /// without having started.
    /// </summary>
    /// <param name="resource">What to dispose.</param>
    public void RegisterForDispose(IDisposable resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (StopResources)
        {
            StopResources.Add(resource);
        }
    }

    /// <summary>
    /// A stream fed from a queue of datasets: each batch takes the next one (or, with <paramref name="oneAtATime"/>
    /// false, all queued ones), or <paramref name="defaultRdd"/> (else an empty dataset) when the queue is empty.
    /// </summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="queue">The queue; datasets may be added while the context runs.</param>
    /// <param name="oneAtATime">Whether each batch takes one dataset or all queued ones.</param>
    /// <param name="defaultRdd">The dataset of a batch that finds the queue empty.</param>
    public DStream<T> QueueStream<T>(ConcurrentQueue<Rdd<T>> queue, bool oneAtATime = true, Rdd<T>? defaultRdd = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return new QueueInputDStream<T>(this, queue, oneAtATime, defaultRdd);
    }

    /// <summary>The records of several streams with the same slide duration, batch by batch.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="streams">At least one stream of this context.</param>
    /// <exception cref="ArgumentException">The slide durations differ.</exception>
    public DStream<T> Union<T>(params IEnumerable<DStream<T>> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var all = streams.ToArray();
        ArgumentOutOfRangeException.ThrowIfZero(all.Length, nameof(streams));
        return new UnionDStream<T>(this, all);
    }

    /// <summary>Keeps every stream's datasets for at least <paramref name="duration"/>, for <see cref="DStream{T}.Slice"/> or late queries.</summary>
    /// <param name="duration">How long to keep datasets after their batch.</param>
    public void Remember(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        ThrowIfNotBuildable();
        Graph.Remember(duration);
    }

    /// <summary>
    /// Sets where checkpoints go: a local directory (created if needed), or a URI of storage a connector registered
    /// with <see cref="CheckpointStorages.Register"/>, such as <c>s3://bucket/prefix</c>. Stateful operators
    /// (UpdateStateByKey, MapWithState, windows with an inverse function) require one, as in Spark.
    /// </summary>
    /// <param name="directory">A directory path, a <c>file://</c> URI, or a URI of a registered scheme.</param>
    /// <exception cref="IOException">The directory cannot be created.</exception>
    /// <exception cref="ArgumentException">The URI's scheme has no registered storage.</exception>
    public void Checkpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ThrowIfNotBuildable();
        ICheckpointStorage storage;
        try
        {
            storage = CheckpointStorages.Open(directory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot use '{directory}' as the checkpoint directory: {error.Message} Give a directory this process can create and write.", error);
        }

        Checkpoint(storage);
    }

    /// <summary>Sets the storage checkpoints go to: one of your own, or one made for a store with its own client settings.</summary>
    /// <param name="storage">The storage; the context takes it for itself while it runs (<see cref="ICheckpointStorage.LockAsync"/>).</param>
    public void Checkpoint(ICheckpointStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ThrowIfNotBuildable();
        _checkpointStorage = storage;
        CheckpointDirectory = storage.Location;
    }

    /// <summary>Where checkpoints go, or null when nowhere.</summary>
    internal ICheckpointStorage? CheckpointStorage => _checkpointStorage;

    /// <summary>The local directory checkpoints go to, or null when they go elsewhere (an object store) or nowhere.</summary>
    internal string? LocalCheckpointDirectory => _checkpointStorage is LocalCheckpointStorage local ? local.Location : null;

    /// <summary>Registers a listener for batch and output operation events.</summary>
    /// <param name="listener">The listener.</param>
    public void AddStreamingListener(IStreamingListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listeners.Add(listener);
    }

    internal void ThrowIfNotBuildable()
    {
        switch (State)
        {
            case StreamingState.Active:
                throw new InvalidOperationException("Adding new inputs, transformations, and output operations after starting a context is not supported.");
            case StreamingState.Stopped:
                throw new InvalidOperationException("Adding new inputs, transformations, and output operations after stopping a context is not supported.");
        }
    }
}
