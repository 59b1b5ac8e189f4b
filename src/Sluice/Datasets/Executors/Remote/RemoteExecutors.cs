using Sluice.Datasets.Operators;
using Sluice.Execution;
using Sluice.Execution.Tasks;
using Sluice.Storage;

namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// The driver's side of executor processes: runs a stage's task on one (through the cluster integration), brings its
/// outcome into the driver's task (result, accumulator additions, records read, where a map output now is), and
/// keeps the map-output tracker, which forgets a lost executor's outputs.
/// </summary>
internal sealed class RemoteExecutors : IExecutorFleet, IDisposable
{
    private readonly IRemoteCluster _cluster;
    private readonly ResidentObjects _residents;
    private long _nextTaskId;

    public RemoteExecutors(IRemoteCluster cluster, MapOutputTracker tracker, ResidentObjects residents)
    {
        (_cluster, Tracker, _residents) = (cluster, tracker, residents);
        States = new StatePartitions(Placements);
        Receivers = new RemoteReceivers(cluster);
        cluster.Receivers = Receivers;
        cluster.ExecutorLost += tracker.RemoveExecutor;
        cluster.ExecutorLost += Receivers.Lose;
        cluster.ExecutorLost += executor => Placements.Lose(executor);
        cluster.ExecutorLost += States.Lose;
        cluster.ExecutorLost += Cached.Lose;
    }

    public MapOutputTracker Tracker { get; }

    /// <summary>Which executor runs each placed partition (state partitions, a direct stream's topic-partitions).</summary>
    public ExecutorPlacements Placements { get; } = new();

    /// <summary>Which versions of each state partition its executor holds, and the newest saved ones.</summary>
    public StatePartitions States { get; }

    /// <summary>The receivers running on executors, and where their blocks are.</summary>
    public RemoteReceivers Receivers { get; }

    /// <summary>Which executors hold each cached partition.</summary>
    public CachedPartitions Cached { get; } = new();

    public int Slots => _cluster.Slots;

    /// <summary>Sends back-pressure's rate to a receiver running on <paramref name="executorId"/>.</summary>
    public void SetReceiverRate(string executorId, int streamId, double recordsPerSecond) => _cluster.SetReceiverRate(executorId, streamId, recordsPerSecond);

    /// <summary>Stops a receiver running on <paramref name="executorId"/> for good.</summary>
    public void StopReceiver(string executorId, int streamId) => _cluster.StopReceiver(executorId, streamId);

    /// <summary>Serves a stage's binary to the executors until the returned scope is disposed.</summary>
    public IDisposable Publish(byte[] stageBinary)
    {
        var id = _cluster.Publish(stageBinary);
        return new Published(() => _cluster.Unpublish(id), id);
    }

    /// <summary>
    /// Runs a result stage's task on an executor (the one its partition of the placed datasets in the stage is placed
    /// on, if any; else one holding its input, when one has a free slot); the action's value for its partition.
    /// </summary>
    public object? RunResult(TaskContext task, IDisposable stage, StageInputs inputs, int[] readsShuffles)
    {
        var outcome = Run(task, stage, inputs, readsShuffles);
        return outcome.Result is null ? null : ((object?[])TaskReader.Read(outcome.Result, _residents))[0];
    }

    /// <summary>Runs a map stage's task on an executor (as <see cref="RunResult"/>), and records where its output is.</summary>
    public void RunMap(TaskContext task, IDisposable stage, int shuffleId, StageInputs inputs, int[] readsShuffles)
        => Tracker.SetLocation(shuffleId, task.PartitionIndex, Run(task, stage, inputs, readsShuffles).ExecutorId);

    public IReadOnlyList<ExecutorInfo> ExecutorInfos()
    {
        var states = Placements.CountsByExecutor(key => States.IsState(key.Name));
        var outputs = Tracker.CountsByExecutor();
        var receivers = Placements.CountsByExecutor(key => key.IsReceiver);
        var blocks = Receivers.BlocksByExecutor();
        var cached = Cached.CountsByExecutor();
        return [.. _cluster.ExecutorInfos().Select(executor => !executor.IsActive ? executor
            : executor with
            {
                StatePartitions = states.GetValueOrDefault(executor.Id),
                MapOutputs = outputs.GetValueOrDefault(executor.Id),
                Receivers = receivers.GetValueOrDefault(executor.Id),
                ReceivedBlocks = blocks.GetValueOrDefault(executor.Id),
                CachedPartitions = cached.GetValueOrDefault(executor.Id),
            })];
    }

    public void RemoveShuffle(int shuffleId) => _cluster.RemoveShuffle(shuffleId);

    public void ClearShuffles()
    {
        // Executor processes end with the driver, and their map outputs with them.
    }

    /// <summary>A received block whose batch is forgotten: its executors drop it. A cached partition goes when its dataset does (RemoveRdd).</summary>
    public void RemoveBlock(BlockId id) => Receivers.Remove(id);

    public void RemoveRdd(int rddId)
    {
        Cached.RemoveRdd(rddId);
        _cluster.RemoveRdd(rddId);
    }

    public void ClearBlocks()
    {
        // As ClearShuffles.
    }

    public void Dispose() => _cluster.Dispose();

    private RemoteTaskOutcome Run(TaskContext task, IDisposable stage, StageInputs inputs, int[] readsShuffles)
    {
        var description = task.Description;
        List<PartitionKey> keys = [.. inputs.Placed.Select(rdd => rdd.PlacementOf(description.PartitionIndex)).OfType<PartitionKey>().Distinct()];
        var pinned = keys.Count == 0 ? null : Placements.OwnerOf(keys, Usable(keys));
        List<(int Rdd, int Partition)> cachedReads = [.. inputs.CachedReads(description.PartitionIndex)];
        string[] preferred = pinned is null
            ? [.. inputs.Placed.SelectMany(rdd => rdd.PreferredExecutors(description.PartitionIndex)).Concat(Cached.HoldersOf(cachedReads)).Distinct()]
            : [];
        var request = new RemoteTask(
            Interlocked.Increment(ref _nextTaskId), description.JobId, description.StageId, ((Published)stage).Id, description.PartitionIndex, description.Attempt, Tracker.Epoch,
            Executor: pinned, ReadsShuffles: readsShuffles, Preferred: preferred.Length > 0 ? preferred : null);
        var outcome = _cluster.Run(request, task.CancellationToken);
        task.ExecutorId = outcome.ExecutorId;
        if (outcome.Failure is { } failure)
        {
            throw failure.FetchFailedShuffle >= 0 ? new FetchFailedException(failure.FetchFailedShuffle, failure.FetchFailedMap, failure.FetchFailedExecutor)
                : failure.Type == typeof(StateVersionLostException).FullName ? new StateVersionLostException(failure.Message)
                : OperatorErrors.Record(new RemoteTaskException(outcome.ExecutorId, failure), failure.Operator);
        }

        Cached.Held(cachedReads, outcome.ExecutorId);
        foreach (var state in inputs.Placed.OfType<IStateRdd>())
        {
            States.Committed(state.StateName, description.PartitionIndex, state.Version, outcome.ExecutorId);
        }

        for (var i = 0; i + 2 < outcome.RecordsRead.Length; i += 3)
        {
            task.RecordsRead.Add(((int)outcome.RecordsRead[i], (int)outcome.RecordsRead[i + 1], outcome.RecordsRead[i + 2]));
        }

        if (outcome.Accumulated is not null)
        {
            foreach (var (id, partial) in (Dictionary<int, object>)TaskReader.Read(outcome.Accumulated, _residents))
            {
                task.Accumulated[id] = partial;
            }
        }

        return outcome;
    }

    /// <summary>
    /// The live executors that can run the placed <paramref name="keys"/>: those with a slot that other receivers do
    /// not hold for good (a partition placed where receivers fill every slot would wait for ever). All live ones
    /// when none has such a slot: the task waits for an executor to join.
    /// </summary>
    private List<string> Usable(List<PartitionKey> keys)
    {
        var alive = _cluster.ExecutorInfos().Where(executor => executor.IsActive).ToList();
        var receivers = Placements.CountsByExecutor(key => key.IsReceiver && !keys.Contains(key));
        var usable = alive.Where(executor => receivers.GetValueOrDefault(executor.Id) < executor.Slots).ToList();
        return [.. (usable.Count > 0 ? usable : alive).Select(executor => executor.Id)];
    }

    private sealed class Published(Action unpublish, int id) : IDisposable
    {
        public int Id { get; } = id;

        public void Dispose() => unpublish();
    }
}
