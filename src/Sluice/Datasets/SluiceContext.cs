using Microsoft.Extensions.Logging;
using Sluice.Datasets;
using Sluice.Datasets.Executors;
using Sluice.Datasets.Executors.Remote;
using Sluice.Datasets.Operators;
using Sluice.Execution;
using Sluice.Execution.Tasks;
using Sluice.Storage;

namespace Sluice.Datasets;

/// <summary>
/// The entry point for datasets: owns the executors, the shuffle service and the block store, and runs the jobs
/// that actions on <see cref="Rdd{T}"/> create. The counterpart of Spark's <c>SparkContext</c>.
/// </summary>
/// <remarks>
/// A <see cref="StreamingContext"/> creates one and exposes it as <see cref="StreamingContext.SluiceContext"/>;
/// create one directly to work with datasets outside a stream. Dispose it to stop its worker threads.
/// </remarks>
public sealed class SluiceContext : IDisposable, IResident
{
    private int _nextRddId;
    private int _nextShuffleId;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    /// <summary>Creates a context with the given options.</summary>
    /// <param name="options">The master, retry policy, clock and logging; <see langword="null"/> for defaults.</param>
    /// <exception cref="ArgumentException">The master string cannot be parsed.</exception>
    public SluiceContext(SluiceOptions? options = null)
        : this(options, executorOf: null)
    {
    }

    /// <summary>A context; an executor's (of a <c>local-executors</c> master) keeps its map outputs and blocks as such (<paramref name="executorOf"/>).</summary>
    internal SluiceContext(SluiceOptions? options, ExecutorParts? executorOf)
    {
        Options = (options ?? new SluiceOptions()).Validate();
        Residents = new ResidentObjects(executorOf?.Missing);
        LoggerFactory = Options.LoggerFactory ?? Logging.StandardErrorLoggerFactory.Instance;
        if (executorOf is null && MasterUrl.IsCluster(Options.Master))
        {
            var store = new SerializingBlockStore();
            var tracker = new MapOutputTracker();
            var cluster = ClusterManagers.Start(Options, id => BlockId.TryParse(id, out var block) && store.TryGetEncoded(block, out var bytes) ? bytes : null, tracker.Snapshot);
            Remote = new RemoteExecutors(cluster, tracker, Residents);
            (DefaultParallelism, Serializing) = (Remote.Slots, true);
            (Shuffles, Blocks, Executors) = (new DriverShuffleService(Remote), new DriverBlockStore(store, Remote), new LocalExecutorBackend(Remote.Slots));
        }
        else
        {
            var (slots, serializing, executors) = executorOf is null ? MasterUrl.Parse(Options.Master) : (MasterUrl.ParseLocal(Options.Master).Threads, true, 0);
            (DefaultParallelism, Serializing) = (executors > 0 ? executors * slots : slots, serializing);
            IShuffleService shuffles = Serializing ? new SerializingShuffleService() : new LocalShuffleService();
            IBlockStore blocks = Serializing ? new SerializingBlockStore() : new MemoryBlockStore();
            if (executors > 0)
            {
                Cluster = new ExecutorCluster(executors, slots, Options, blocks);
                (Shuffles, Blocks, Executors) = (new DriverShuffleService(Cluster), new DriverBlockStore(blocks, Cluster), new ExecutorsBackend(Cluster));
            }
            else
            {
                Shuffles = executorOf?.Shuffles((SerializingShuffleService)shuffles) ?? shuffles;
                Blocks = executorOf?.Blocks((SerializingBlockStore)blocks) ?? blocks;
                Executors = new LocalExecutorBackend(executorOf is null ? DefaultParallelism : 0); // an executor's tasks run on its own threads
            }
        }

        Scheduler = new DagScheduler(this, LoggerFactory.CreateLogger<DagScheduler>());
        Residents.Register(this);
    }

    /// <summary>The validated options this context runs with.</summary>
    public SluiceOptions Options { get; }

    /// <summary>The number of partitions operations use when none is given: the number of worker threads.</summary>
    public int DefaultParallelism { get; }

    /// <summary>
    /// The serializing mode (a <c>local-serialized</c> master): shuffle blocks go through bytes, as they will between
    /// processes, and a job whose functions capture what cannot leave the process fails when it is submitted.
    /// </summary>
    internal bool Serializing { get; }

    /// <summary>Where the engine and connectors log: the options' factory, else warnings and errors to standard error.</summary>
    public ILoggerFactory LoggerFactory { get; }

    internal IShuffleService Shuffles { get; }

    internal IBlockStore Blocks { get; }

    internal IExecutorBackend Executors { get; }

    /// <summary>The executors of a <c>local-executors</c> master, which run every task; null for the other masters.</summary>
    internal ExecutorCluster? Cluster { get; }

    /// <summary>The executor processes of a cluster master, which run every task; null for the local masters.</summary>
    internal RemoteExecutors? Remote { get; }

    /// <summary>In an executor process, the executor this context belongs to; null on the driver.</summary>
    internal ExecutorRuntime? Runtime { get; set; }

    internal DagScheduler Scheduler { get; }

    internal AccumulatorRegistry Accumulators { get; } = new();

    /// <summary>The tasks this context's threads ran: the <c>driver</c> executor's, for a local master.</summary>
    internal TaskCounts Tasks { get; } = new();

    /// <summary>
    /// The executors that run this context's tasks, as the UI's executors page shows them: the executor processes of a
    /// cluster master (those lost too, with why), or, for the local masters, the driver itself.
    /// </summary>
    public IReadOnlyList<ExecutorInfo> GetExecutorInfos()
        => Remote?.ExecutorInfos()
            ?? [new ExecutorInfo("driver", "local", DefaultParallelism, Tasks.Active, Tasks.Completed, Tasks.Failed, IsActive: true, LostReason: null)];

    /// <summary>What tasks name rather than carry: this context, the streams of its graph, the state store.</summary>
    internal ResidentObjects Residents { get; }

    string IResident.ResidentName => "sluice-context";

    /// <summary>Cancelled when the context is disposed; running jobs stop scheduling tasks.</summary>
    internal CancellationToken StoppingToken => _stopping.Token;

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>A sum that tasks add to and the driver reads (Spark's <c>longAccumulator</c>); see <see cref="Accumulator"/>.</summary>
    /// <param name="name">A name for messages, if wanted.</param>
    /// <returns>The accumulator, at 0.</returns>
    public LongAccumulator LongAccumulator(string? name = null) => new(this, name);

    /// <summary>A list that tasks add to and the driver reads (Spark's <c>collectionAccumulator</c>); see <see cref="Accumulator"/>.</summary>
    /// <typeparam name="T">The values.</typeparam>
    /// <param name="name">A name for messages, if wanted.</param>
    /// <returns>The accumulator, empty.</returns>
    public CollectionAccumulator<T> CollectionAccumulator<T>(string? name = null) => new(this, name);

    /// <summary>Distributes a local collection into a dataset of <paramref name="partitions"/> slices.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="data">The elements; copied, so later changes to the collection do not show.</param>
    /// <param name="partitions">The number of slices; <see cref="DefaultParallelism"/> when omitted.</param>
    /// <returns>A dataset whose partition <c>i</c> holds a contiguous slice of <paramref name="data"/>.</returns>
    public Rdd<T> Parallelize<T>(IEnumerable<T> data, int? partitions = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var count = partitions ?? DefaultParallelism;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(partitions));
        return new ParallelCollectionRdd<T>(this, data.ToArray(), count);
    }

    /// <summary>An empty dataset with no partitions.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    public Rdd<T> EmptyRdd<T>() => new ParallelCollectionRdd<T>(this, [], 0);

    /// <summary>The union of several datasets, no shuffle: their partitions side by side, or, when all are partitioned alike, partition <c>i</c> of each together (keeping the partitioning).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="rdds">At least one dataset of this context.</param>
    public Rdd<T> Union<T>(params IEnumerable<Rdd<T>> rdds)
    {
        ArgumentNullException.ThrowIfNull(rdds);
        var list = rdds.ToArray();
        ArgumentOutOfRangeException.ThrowIfZero(list.Length, nameof(rdds));
        if (list.Length == 1)
        {
            return list[0];
        }

        // Parents partitioned alike stay so: partition i of the union is partition i of each, and a later
        // reduceByKey with the same partitioner needs no shuffle (as Spark's PartitionerAwareUnionRDD).
        return list[0].Partitioner is { } partitioner && list.All(rdd => partitioner.Equals(rdd.Partitioner))
            ? new PartitionerAwareUnionRdd<T>(this, list, partitioner)
            : new UnionRdd<T>(this, list);
    }

    internal int NewRddId() => Interlocked.Increment(ref _nextRddId);

    internal int NewShuffleId() => Interlocked.Increment(ref _nextShuffleId);

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    /// <summary>Stops the worker threads and drops shuffle outputs and cached blocks.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        Executors.Dispose();
        Shuffles.Clear();
        Blocks.Clear();
        Cluster?.Dispose();
        Remote?.Dispose();
    }
}
