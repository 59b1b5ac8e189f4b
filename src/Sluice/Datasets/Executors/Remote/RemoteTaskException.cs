namespace Sluice.Datasets.Executors.Remote;

/// <summary>A task failed on an executor process: the executor's exception, as it came back to the driver.</summary>
internal sealed class RemoteTaskException(string executorId, RemoteTaskFailure failure)
    : Exception($"{failure.Type} on executor {executorId}: {failure.Message}")
{
    /// <summary>The executor's account of it, with its stack.</summary>
    public string Detail { get; } = failure.Detail;

    public override string? StackTrace => Detail;
}
