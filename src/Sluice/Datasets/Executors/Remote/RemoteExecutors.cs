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
        cluster.ExecutorLost += tracker.RemoveExecutor;
        cluster.ExecutorLost += States.Lose;
    }

    public MapOutputTracker Tracker { get; }

    /// <summary>Which executor holds each state partition, and which of its versions.</summary>
    public StatePartitions States { get; } = new();

    public int Slots => _cluster.Slots;

    /// <summary>Serves a stage's binary to the executors until the returned scope is disposed.</summary>
    public IDisposable Publish(byte[] stageBinary)
    {
        var id = _cluster.Publish(stageBinary);
        return new Published(() => _cluster.Unpublish(id), id);
    }

    /// <summary>
    /// Runs a result stage's task on an executor (the one holding its partition of <paramref name="states"/>, when the
    /// stage keeps state); the action's value for its partition.
    /// </summary>
    public object? RunResult(TaskContext task, IDisposable stage, IReadOnlyList<IStateRdd> states)
    {
        var outcome = Run(task, stage, states);
        return outcome.Result is null ? null : ((object?[])TaskReader.Read(outcome.Result, _residents))[0];
    }

    /// <summary>Runs a map stage's task on an executor (as <see cref="RunResult"/>), and records where its output is.</summary>
    public void RunMap(TaskContext task, IDisposable stage, int shuffleId, IReadOnlyList<IStateRdd> states)
        => Tracker.SetLocation(shuffleId, task.PartitionIndex, Run(task, stage, states).ExecutorId);

    public IReadOnlyList<ExecutorInfo> ExecutorInfos()
    {
        var states = States.CountsByExecutor();
        return [.. _cluster.ExecutorInfos().Select(executor => executor with { StatePartitions = executor.IsActive ? states.GetValueOrDefault(executor.Id) : 0 })];
    }

    public void RemoveShuffle(int shuffleId) => _cluster.RemoveShuffle(shuffleId);

    public void ClearShuffles()
    {
        // Executor processes end with the driver, and their map outputs with them.
    }

    public void RemoveBlock(BlockId id)
    {
        // Received blocks are the driver's; a cached partition goes when its dataset does (RemoveRdd).
    }

    public void RemoveRdd(int rddId) => _cluster.RemoveRdd(rddId);

    public void ClearBlocks()
    {
        // As ClearShuffles.
    }

    public void Dispose() => _cluster.Dispose();

    private RemoteTaskOutcome Run(TaskContext task, IDisposable stage, IReadOnlyList<IStateRdd> states)
    {
        var description = task.Description;
        var pinned = states.Count == 0 ? null
            : States.OwnerOf([.. states.Select(state => state.StateName).Distinct()], description.PartitionIndex, [.. _cluster.ExecutorInfos().Where(executor => executor.IsActive).Select(executor => executor.Id)]);
        var request = new RemoteTask(Interlocked.Increment(ref _nextTaskId), description.JobId, description.StageId, ((Published)stage).Id, description.PartitionIndex, description.Attempt, Tracker.Epoch, Executor: pinned);
        var outcome = _cluster.Run(request, task.CancellationToken);
        task.ExecutorId = outcome.ExecutorId;
        if (outcome.Failure is null)
        {
            foreach (var state in states)
            {
                States.Committed(state.StateName, description.PartitionIndex, state.Version, outcome.ExecutorId);
            }
        }

        if (outcome.Failure is { } failure)
        {
            throw failure.FetchFailedShuffle >= 0 ? new FetchFailedException(failure.FetchFailedShuffle, failure.FetchFailedMap, failure.FetchFailedExecutor)
                : failure.Type == typeof(StateVersionLostException).FullName ? new StateVersionLostException(failure.Message)
                : OperatorErrors.Record(new RemoteTaskException(outcome.ExecutorId, failure), failure.Operator);
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

    private sealed class Published(Action unpublish, int id) : IDisposable
    {
        public int Id { get; } = id;

        public void Dispose() => unpublish();
    }
}
