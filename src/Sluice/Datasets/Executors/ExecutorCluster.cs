using Sluice.Storage;

namespace Sluice.Datasets.Executors;

/// <summary>
/// The executors of a <c>local-executors[N,C]</c> master and the driver's map-output tracker: what the scheduler
/// needs of a cluster, with the executors in this process.
/// </summary>
internal sealed class ExecutorCluster : IExecutorFleet, IDisposable
{
    private readonly ExecutorNode[] _nodes;

    public ExecutorCluster(int executors, int slotsPerExecutor, SluiceOptions driverOptions, IBlockStore driverBlocks)
    {
        SlotsPerExecutor = slotsPerExecutor;
        _nodes = [.. Enumerable.Range(1, executors).Select(i => new ExecutorNode($"executor-{i}", slotsPerExecutor, this, driverOptions, driverBlocks))];
    }

    public MapOutputTracker Tracker { get; } = new();

    public int SlotsPerExecutor { get; }

    public IReadOnlyList<ExecutorNode> Nodes => _nodes;

    /// <summary>The executor with the fewest tasks given and not finished, which takes the next task.</summary>
    /// <exception cref="InvalidOperationException">Every executor is lost.</exception>
    public ExecutorNode Assign()
    {
        var chosen = _nodes.Where(node => node.IsAlive).MinBy(node => node.Assigned)
            ?? throw new InvalidOperationException("Every executor of this application is lost: no task can run.");
        chosen.Assign();
        return chosen;
    }

    /// <summary>
    /// Loses an executor, as when its process is killed: its map outputs are forgotten by the tracker (their map
    /// partitions run again when a stage needs them) and its tasks still queued go to the others.
    /// </summary>
    public void Lose(string executorId)
    {
        var node = Find(executorId) ?? throw new ArgumentException($"No executor {executorId}.", nameof(executorId));
        if (_nodes.Count(other => other.IsAlive) == 1 && node.IsAlive)
        {
            // Executors in this process are not replaced, as a master would replace a lost process: keep one.
            throw new InvalidOperationException($"Executor {executorId} is the last one alive; losing it would leave no executor to run tasks.");
        }

        node.Lose();
        Tracker.RemoveExecutor(executorId);
    }

    public void RemoveShuffle(int shuffleId) => Each(node => node.Context.Shuffles.Remove(shuffleId));

    public void ClearShuffles() => Each(node => node.Context.Shuffles.Clear());

    public void RemoveBlock(BlockId id) => Each(node => node.Context.Blocks.Remove(id));

    public void RemoveRdd(int rddId) => Each(node => node.Context.Blocks.RemoveRdd(rddId));

    public void ClearBlocks() => Each(node => node.Context.Blocks.Clear());

    /// <summary>The executor of that id.</summary>
    public ExecutorNode? Find(string id) => Array.Find(_nodes, node => node.Id == id);

    public void Dispose() => Each(node => node.Dispose());

    private void Each(Action<ExecutorNode> act)
    {
        foreach (var node in _nodes)
        {
            act(node);
        }
    }
}
