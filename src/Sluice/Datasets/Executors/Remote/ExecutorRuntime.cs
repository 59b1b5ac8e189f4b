using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sluice.Datasets.Operators;
using Sluice.Execution;
using Sluice.Execution.Tasks;
using Sluice.Storage;

namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// The engine's side of an executor process: a context of its own (map outputs, cached blocks, resident objects),
/// task slots, and the stage binaries it has read. It runs the tasks the driver sends, answering each with its
/// outcome, and gives the blocks it holds to whoever fetches them (<see cref="TryGetBlock"/>).
/// </summary>
internal sealed class ExecutorRuntime : IDisposable
{
    /// <summary>Stage binaries kept read; the oldest beyond this many are dropped (their jobs are over).</summary>
    private const int StagesKept = 64;

    private readonly ConcurrentDictionary<int, Lazy<object>> _stages = new();
    private readonly LocalExecutorBackend _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly IExecutorPeers _peers;
    private long _epoch;

    public ExecutorRuntime(string executorId, int slots, string appName, ILoggerFactory loggers, IExecutorPeers peers)
    {
        Id = executorId;
        _peers = peers;
        _slots = new LocalExecutorBackend(slots);
        Context = new SluiceContext(
            new SluiceOptions { Master = $"local-serialized[{slots}]", AppName = appName, LoggerFactory = loggers },
            new ExecutorParts(local => new RemoteShuffleService(local, peers, executorId, () => Volatile.Read(ref _epoch)), local => new RemoteBlockStore(local, peers), Missing));
        Context.Runtime = this;
    }

    public string Id { get; }

    /// <summary>The driver and the other executors, as this one reaches them.</summary>
    public IExecutorPeers Peers => _peers;

    /// <summary>The receivers running here, for the driver's control messages.</summary>
    public HostedReceivers Receivers { get; } = new();

    public SluiceContext Context { get; }

    private RemoteShuffleService Shuffles => (RemoteShuffleService)Context.Shuffles;

    private RemoteBlockStore Blocks => (RemoteBlockStore)Context.Blocks;

    /// <summary>Runs <paramref name="task"/> on one of this executor's slots, then gives its outcome to <paramref name="answer"/>.</summary>
    /// <remarks>A stage binary that came with the task is kept before the task is queued, for the stage's other tasks.</remarks>
    public void Submit(RemoteTask task, Action<RemoteTaskOutcome> answer)
    {
        if (task.StageBytes is { } bytes)
        {
            _stages.TryAdd(task.StageBinary, new Lazy<object>(() => TaskReader.Read(bytes, Context.Residents), LazyThreadSafetyMode.ExecutionAndPublication));
        }

        _slots.Submit(Describe(task), () => answer(Run(task)));
    }

    /// <summary>Runs <paramref name="request"/> on the calling thread.</summary>
    public RemoteTaskOutcome Run(RemoteTask request)
    {
        RaiseEpoch(request.Epoch);
        var task = new TaskContext(Describe(request), _stopping.Token);
        TaskContext.SetCurrent(task);
        try
        {
            byte[]? result = null;
            switch (Stage(request.StageBinary))
            {
                case ShuffleDependency shuffle:
                    Context.Shuffles.Register(shuffle.ShuffleId, shuffle.Parent.PartitionCount, shuffle.Partitioner.PartitionCount);
                    shuffle.RunMapTask(request.Partition, task);
                    break;
                case IResultTask stage:
                    result = TaskWriter.Write(new object?[] { stage.Run(task) }, $"the result of a task of {stage.Description}");
                    break;
                case var other:
                    throw new TaskFormatException($"Stage binary {request.StageBinary} holds a {other.GetType().Name}, not a task.");
            }

            var accumulated = task.Accumulated.Count == 0 ? null : TaskWriter.Write(task.Accumulated, "the accumulator additions of a task");
            return new RemoteTaskOutcome(Id, result, accumulated, [.. task.RecordsRead.SelectMany(read => new[] { read.RddId, read.Partition, read.Records })], null, task.ShuffleBytesRead, task.ShuffleBytesWritten);
        }
        catch (Exception error)
        {
            return new RemoteTaskOutcome(Id, null, null, [], Failure(error));
        }
        finally
        {
            TaskContext.SetCurrent(null);
        }
    }

    /// <summary>A block this executor holds, as it travels: a shuffle bucket or a cached partition.</summary>
    public bool TryGetBlock(string id, out byte[] bytes)
    {
        if (RemoteBlockIds.TryParseBucket(id, out var shuffle, out var map, out var reduce))
        {
            return Shuffles.TryGetBucketWire(shuffle, map, reduce, out bytes);
        }

        bytes = [];
        return BlockId.TryParse(id, out var block) && Blocks.Local.TryGetEncoded(block, out bytes);
    }

    /// <summary>Keeps a block a receiver running here stored; returns it as it travels, for its replica.</summary>
    public byte[] StoreReceived(BlockId id, EncodedBlock block)
    {
        Blocks.Local.PutEncoded(id, block);
        return Blocks.Local.TryGetEncoded(id, out var encoded) ? encoded : throw new InvalidOperationException($"Block {id} was dropped as it was stored.");
    }

    /// <summary>Keeps a copy of a block another executor's receiver stored, as <see cref="TryGetBlock"/> encodes it.</summary>
    /// <exception cref="InvalidDataException">The bytes are not such a block.</exception>
    public void PutReplica(string id, byte[] encoded)
        => Blocks.Local.PutEncoded(BlockId.TryParse(id, out var block) ? block : throw new InvalidDataException($"'{id}' names no block."), encoded, "a replica");

    /// <summary>Drops blocks the driver is finished with.</summary>
    public void RemoveBlocks(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (BlockId.TryParse(id, out var block))
            {
                Blocks.Local.Remove(block);
            }
        }
    }

    public void RemoveShuffle(int shuffleId) => Context.Shuffles.Remove(shuffleId);

    public void RemoveRdd(int rddId) => Context.Blocks.RemoveRdd(rddId);

    public void Dispose()
    {
        // Ends every task, receivers' too; they see the executor ending and do not wait for a driver that may be gone.
        _stopping.Cancel();
        _slots.Dispose();
        Context.Dispose();
        _stopping.Dispose();
    }

    private static TaskDescription Describe(RemoteTask task) => new(task.JobId, task.StageId, task.Partition, task.Attempt);

    /// <summary>The stage's task, read once from its binary, fetched from the driver.</summary>
    private object Stage(int id)
    {
        var stage = _stages.GetOrAdd(id, key => new Lazy<object>(
            () => TaskReader.Read(_peers.Fetch(IExecutorPeers.Driver, [RemoteBlockIds.Stage(key)])[0]
                ?? throw new TaskFormatException($"The driver no longer serves stage binary {key}: its job ended before this task started."), Context.Residents),
            LazyThreadSafetyMode.PublicationOnly)); // a failed fetch is tried again by the next task, not remembered
        if (_stages.Count > StagesKept)
        {
            foreach (var old in _stages.Keys.Order().Take(_stages.Count - StagesKept))
            {
                _stages.TryRemove(old, out _);
            }
        }

        return stage.Value;
    }

    private void RaiseEpoch(long epoch)
    {
        var seen = Volatile.Read(ref _epoch);
        while (epoch > seen && Interlocked.CompareExchange(ref _epoch, epoch, seen) != seen)
        {
            seen = Volatile.Read(ref _epoch);
        }
    }

    private RemoteTaskFailure Failure(Exception error)
        => error is FetchFailedException fetch
            ? new RemoteTaskFailure(error.GetType().FullName!, error.Message, error.ToString(), null, fetch.ShuffleId, fetch.MapPartition, fetch.ExecutorId)
            : new RemoteTaskFailure(error.GetType().FullName!, error.Message, $"{error} (on executor {Id})", OperatorErrors.OperatorOf(error));

    private static string Missing(string name)
        => $"The task names '{name}', which executor processes do not have: they run the application's tasks and keep its state partitions, not its streaming graph. A direct stream runs on executor processes when it gives a PositionReader (see docs/connectors.md); use local[N] for one that does not.";
}
