using Sluice.Execution;

namespace Sluice.Datasets.Executors;

/// <summary>
/// Runs each task on an executor of the cluster: the one with the fewest tasks, chosen when the task is submitted,
/// on one of the driver's N×C threads standing for the executors' slots.
/// </summary>
internal sealed class ExecutorsBackend(ExecutorCluster cluster) : IExecutorBackend
{
    private readonly LocalExecutorBackend _threads = new(cluster.Nodes.Count * cluster.SlotsPerExecutor);

    public int Slots => _threads.Slots;

    public bool IsWorkerThread => _threads.IsWorkerThread;

    public void Submit(TaskDescription task, Action run)
    {
        var executor = cluster.Assign();
        try
        {
            _threads.Submit(task, () => Start(executor, run));
        }
        catch (ObjectDisposedException)
        {
            executor.Release();
            throw;
        }
    }

    public void Dispose() => _threads.Dispose();

    /// <summary>Runs the task on its executor, or, if that one was lost while the task waited, on another.</summary>
    private void Start(ExecutorNode executor, Action run)
    {
        if (!executor.IsAlive)
        {
            executor.Release();
            executor = cluster.Assign();
        }

        executor.Run(run);
    }
}
