using Akka.Actor;
using Microsoft.Extensions.Logging;
using Sluice.Cluster.Blocks;
using Sluice.Cluster.Executing;
using Sluice.Cluster.Membership;
using Sluice.Datasets.Executors.Remote;

namespace Sluice.Cluster.Scheduling;

/// <summary>
/// The driver's side of a cluster master: offers each task to the registered executor with the most free slots (or
/// to the one the engine pinned it to, which holds its state partition or its consumer; or, when one has a free slot,
/// to an executor holding its input, a received block), sends it over the control
/// channel and waits for its answer (fetching a large result over the data channel); an executor lost while a task
/// ran ends that wait with <see cref="ExecutorLostException"/>, and the engine runs the task again elsewhere.
/// </summary>
internal sealed class ClusterScheduler : IRemoteCluster
{
    private readonly object _gate = new(); // Monitor: tasks wait here for a free slot
    private readonly Dictionary<string, ExecutorSlots> _executors = [];
    private readonly Queue<ExecutorSlots> _lost = new(); // the last ones, for the executors page
    private readonly ClusterDriver _driver;
    private readonly BlockServer _blocks;
    private readonly DriverBlocks _served;
    private readonly BlockFetcher _fetcher;
    private readonly Func<int, string?[]> _mapOutputs;
    private readonly TimeSpan _executorWait;
    private readonly ILogger _logger;
    private ExecutorProcesses? _processes;
    private volatile bool _disposed; // nothing more is sent: shuffles are dropped from finalizers, after the end too

    /// <summary>A stage binary up to this size goes with an executor's first task of the stage; a larger one is fetched.</summary>
    private const int InlineStageBytes = 32 * 1024;

    /// <summary>How many stages' binaries the scheduler remembers sending to each executor.</summary>
    private const int StagesRemembered = 256;

    /// <summary>How many lost executors the executors page keeps showing.</summary>
    private const int LostShown = 100;

    public ClusterScheduler(ClusterDriver driver, BlockServer blocks, DriverBlocks served, BlockFetcher fetcher, Func<int, string?[]> mapOutputs, TimeSpan executorWait, ILogger logger)
    {
        (_driver, _blocks, _served, _fetcher, _mapOutputs, _executorWait, _logger) = (driver, blocks, served, fetcher, mapOutputs, executorWait, logger);
        driver.ExecutorRegistered += Add;
        driver.ExecutorLost += Lose;
        foreach (var executor in driver.Executors)
        {
            Add(executor);
        }
    }

    public event Action<string>? ExecutorLost;

    public int Slots { get; private set; }

    /// <summary>The executors registered and not lost.</summary>
    public IReadOnlyList<ExecutorInfo> Executors => _driver.Executors;

    /// <summary>
    /// Waits until <paramref name="count"/> executors are registered, then takes their slots as the application's;
    /// <paramref name="processes"/>, when the driver started them, are watched for one that ends before it registers.
    /// </summary>
    /// <exception cref="TimeoutException">They did not all register in time; the message says what to check.</exception>
    public void AwaitExecutors(int count, ExecutorProcesses? processes, string hint)
    {
        _processes = processes;
        if (processes is not null)
        {
            processes.Ended += _driver.Lose; // at once, not after the failure detector's seconds
        }

        var deadline = DateTime.UtcNow + _executorWait;
        lock (_gate)
        {
            while (_executors.Count < count)
            {
                if (processes?.Failure() is { } failure)
                {
                    throw new InvalidOperationException($"An executor process ended before it registered with the driver: {failure}");
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"{_executors.Count} of {count} executor(s) registered with the driver at {_driver.Address} within {_executorWait.TotalSeconds:0} s. {hint}");
                }

                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(Math.Min(left.TotalMilliseconds, 500)));
            }

            Slots = _executors.Values.Sum(executor => executor.Info.Slots);
        }
    }

    public int Publish(byte[] stageBinary) => _served.Publish(stageBinary);

    public void Unpublish(int stageBinary) => _served.Unpublish(stageBinary);

    public RemoteTaskOutcome Run(RemoteTask task, CancellationToken cancellation)
    {
        var executor = Acquire(cancellation, task.StageBinary, task.Executor, task.Preferred, out var firstOfStage);
        if (firstOfStage && _served.Stage(task.StageBinary) is { Length: <= InlineStageBytes } binary)
        {
            task = task with { StageBytes = binary }; // one message instead of a message and a fetch
        }

        RemoteTaskOutcome? answered = null;
        try
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellation, executor.Lost);
            TaskFinished finished;
            try
            {
                finished = executor.Endpoint.Ask<TaskFinished>(new LaunchTask(task, Locations(task)), either.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (executor.Lost.IsCancellationRequested && !cancellation.IsCancellationRequested)
            {
                throw new ExecutorLostException(executor.Info.Id, executor.LostReason!);
            }

            var outcome = finished.Outcome;
            if (finished.ResultBlock is { } result)
            {
                outcome = outcome with { Result = FetchHeld(executor, result, cancellation) };
            }

            if (finished.AccumulatedBlock is { } accumulated)
            {
                outcome = outcome with { Accumulated = FetchHeld(executor, accumulated, cancellation) };
            }

            answered = outcome;
            return outcome;
        }
        finally
        {
            lock (_gate)
            {
                executor.Running--;
                _ = answered is { Failure: null } ? executor.Completed++ : executor.Failed++;
                executor.ShuffleRead += answered?.ShuffleBytesRead ?? 0;
                executor.ShuffleWritten += answered?.ShuffleBytesWritten ?? 0;
                Monitor.PulseAll(_gate);
            }
        }
    }

    public IReadOnlyList<Datasets.ExecutorInfo> ExecutorInfos()
    {
        lock (_gate)
        {
            return [.. _executors.Values.OrderBy(executor => executor.Info.Id, StringComparer.Ordinal).Concat(_lost).Select(executor => executor.Summary())];
        }
    }

    public void RemoveShuffle(int shuffleId) => Tell(new DropShuffle(shuffleId));

    public void RemoveRdd(int rddId) => Tell(new DropRdd(rddId));

    public IReceiverEndpoint? Receivers { get; set; }

    public void SetReceiverRate(string executorId, int streamId, double recordsPerSecond) => TellOne(executorId, new Receiving.ReceiverControl(streamId, recordsPerSecond, Stop: false));

    public void StopReceiver(string executorId, int streamId) => TellOne(executorId, new Receiving.ReceiverControl(streamId, 0, Stop: true));

    public void RemoveBlocks(string executorId, IReadOnlyList<string> blockIds) => TellOne(executorId, new Receiving.DropBlocks([.. blockIds]));

    /// <summary>Where executor <paramref name="executorId"/> serves its blocks; null once it is lost.</summary>
    public Uri? BlockAddressOf(string executorId)
    {
        lock (_gate)
        {
            return _executors.TryGetValue(executorId, out var executor) ? executor.Info.BlockAddress : null;
        }
    }

    public void Dispose()
    {
        // Leave first, so executors see the driver go and end themselves, and their ending is not reported as losses.
        _disposed = true;
        _driver.ExecutorLost -= Lose;
        _driver.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _blocks.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _processes?.Dispose();
        _fetcher.Dispose();
    }

    private ExecutorSlots Acquire(CancellationToken cancellation, int stageBinary, string? pinned, string[]? preferred, out bool firstOfStage)
    {
        using var wake = cancellation.Register(() =>
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        });
        lock (_gate)
        {
            var since = DateTime.UtcNow;
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                if (pinned is not null && !_executors.ContainsKey(pinned))
                {
                    throw new ExecutorLostException(pinned, _lost.FirstOrDefault(executor => executor.Info.Id == pinned)?.LostReason ?? "it is no longer registered");
                }

                IEnumerable<ExecutorSlots> candidates = pinned is null ? _executors.Values : [_executors[pinned]];
                var holding = preferred?.Select(_executors.GetValueOrDefault).OfType<ExecutorSlots>().Where(executor => executor.Free > 0).MaxBy(executor => executor.Free);
                if ((holding ?? candidates.Where(executor => executor.Free > 0).MaxBy(executor => executor.Free)) is { } chosen)
                {
                    chosen.Running++;
                    firstOfStage = chosen.StagesSent.Add(stageBinary);
                    if (chosen.StagesSent.Count > StagesRemembered)
                    {
                        chosen.StagesSent.Remove(chosen.StagesSent.Min());
                    }

                    return chosen;
                }

                if (_executors.Count > 0)
                {
                    since = DateTime.UtcNow; // busy, not gone: wait for a slot as long as it takes
                }
                else if (DateTime.UtcNow - since > _executorWait)
                {
                    throw new InvalidOperationException(
                        $"No executor has been registered with the driver at {_driver.Address} for {_executorWait.TotalSeconds:0} s, so no task can run: every executor was lost. Start executors again (sluice executor --driver {_driver.Address}), or look at why they ended in their output.");
                }

                Monitor.Wait(_gate, TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>Where the map outputs the task reads are, for each shuffle whose map stage is complete (an executor keeps only those).</summary>
    private ShuffleLocations[] Locations(RemoteTask task)
    {
        var known = new List<ShuffleLocations>();
        foreach (var shuffle in task.ReadsShuffles ?? [])
        {
            try
            {
                if (MapOutputs.Of(shuffle, _mapOutputs, BlockAddressOf) is var outputs && outputs.Holders.All(holder => holder is not null))
                {
                    known.Add(new ShuffleLocations(shuffle, outputs));
                }
            }
            catch (InvalidOperationException)
            {
                // Not registered with the tracker (already dropped): the executor asks, and hears why.
            }
        }

        return [.. known];
    }

    private byte[] FetchHeld(ExecutorSlots executor, string block, CancellationToken cancellation)
    {
        try
        {
            return _fetcher.FetchAsync(executor.Info.BlockAddress, [block], cancellation).GetAwaiter().GetResult()[0]
                ?? throw new ExecutorLostException(executor.Info.Id, $"it no longer held {block}, which the task left there for the driver");
        }
        catch (BlockFetchException error)
        {
            throw new ExecutorLostException(executor.Info.Id, error.Message);
        }
    }

    private void Add(ExecutorInfo info)
    {
        lock (_gate)
        {
            _executors[info.Id] = new ExecutorSlots(info, _driver.System.ActorSelection($"{info.Address}/user/{ExecutorActor.Name}"));
            Monitor.PulseAll(_gate);
        }
    }

    private void Lose(ExecutorInfo info, string reason)
    {
        lock (_gate)
        {
            if (!_executors.Remove(info.Id, out var executor))
            {
                return;
            }

            executor.Lose(reason);
            _lost.Enqueue(executor);
            if (_lost.Count > LostShown)
            {
                _lost.Dequeue().Dispose();
            }

            Monitor.PulseAll(_gate);
        }

        ClusterLog.TasksRescheduled(_logger, info.Id, reason);
        ExecutorLost?.Invoke(info.Id);
        _processes?.Replace(info.Id);
    }

    private void TellOne(string executorId, object message)
    {
        if (_disposed)
        {
            return;
        }

        lock (_gate)
        {
            if (_executors.TryGetValue(executorId, out var executor))
            {
                executor.Endpoint.Tell(message);
            }
        }
    }

    private void Tell(object message)
    {
        if (_disposed)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var executor in _executors.Values)
            {
                executor.Endpoint.Tell(message);
            }
        }
    }
}
