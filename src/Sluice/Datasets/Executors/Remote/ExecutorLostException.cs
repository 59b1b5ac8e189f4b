namespace Sluice.Datasets.Executors.Remote;

/// <summary>A task's executor was lost before it answered: the task runs again on another.</summary>
internal sealed class ExecutorLostException(string executorId, string reason)
    : Exception($"Executor {executorId} was lost while it ran the task ({reason}); the task runs again on another executor.")
{
    public string ExecutorId { get; } = executorId;
}
