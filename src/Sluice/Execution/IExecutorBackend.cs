namespace Sluice.Execution;

/// <summary>
/// Runs tasks. Local mode runs them on threads of this process; a cluster backend would ship the
/// <see cref="TaskDescription"/> to an executor process that rebuilds the lineage (tasks are data).
/// </summary>
internal interface IExecutorBackend : IDisposable
{
    /// <summary>How many tasks can run at once.</summary>
    int Slots { get; }

    /// <summary>Queues a task; <paramref name="run"/> executes it on a worker and reports through its own callbacks.</summary>
    void Submit(TaskDescription task, Action run);

    /// <summary>Whether the calling thread is one of this backend's workers.</summary>
    bool IsWorkerThread { get; }
}
