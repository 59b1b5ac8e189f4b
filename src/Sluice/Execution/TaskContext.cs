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

    /// <summary>The executor process that ran the task, when not this one; set when its answer comes back.</summary>
    public string? ExecutorId { get; set; }

    /// <summary>Signalled when the job is cancelled (another task failed for good, or the context stops).</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Bytes of map output this task wrote, on executor processes (the executors page's shuffle write).</summary>
    public long ShuffleBytesWritten { get; set; }

    /// <summary>Bytes of map output this task read, fetched or its own executor's, on executor processes (shuffle read).</summary>
    public long ShuffleBytesRead { get; set; }

    /// <summary>
    /// The records sources read, per dataset and partition, counted as they were read to their end: they come back
    /// with the task's result to the driver's datasets (where the batch reports its input), as task metrics would
    /// from an executor in another process.
    /// </summary>
    public List<(int RddId, int Partition, long Records)> RecordsRead { get; } = [];

    /// <summary>
    /// What the task added to accumulators, by accumulator id: merged into the driver's accumulators when the
    /// attempt succeeds, as an executor's would come back with its result; a failed attempt's are dropped.
    /// </summary>
    public Dictionary<int, object> Accumulated { get; } = [];

    /// <summary>The task's own partial value of an accumulator, created on its first update.</summary>
    public object Partial(int accumulator, Func<object> create)
    {
        if (!Accumulated.TryGetValue(accumulator, out var partial))
        {
            Accumulated[accumulator] = partial = create();
        }

        return partial;
    }

    public static void SetCurrent(TaskContext? context) => t_current = context;
}
