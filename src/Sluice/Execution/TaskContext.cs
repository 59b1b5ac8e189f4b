namespace Sluice.Execution;

/// <summary>What a running task knows about itself; one per attempt.</summary>
internal sealed class TaskContext(TaskDescription description, CancellationToken cancellationToken)
{
    [ThreadStatic]
    private static TaskContext? t_current;

    /// <summary>The task running on this thread, or <see langword="null"/> on driver threads.</summary>
    public static TaskContext? Current => t_current;

    public TaskDescription Description { get; } = description;

    public int PartitionIndex => Description.PartitionIndex;

    public int StageId => Description.StageId;

    public int Attempt => Description.Attempt;

    /// <summary>Signalled when the job is cancelled (another task failed for good, or the context stops).</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    public static void SetCurrent(TaskContext? context) => t_current = context;
}
