namespace Sluice.Datasets;

/// <summary>One executor of a context, as the UI and the REST API show it (Spark's executor summary).</summary>
/// <param name="Id">Its id: <c>driver</c> for the local masters, whose tasks run in the driver's process.</param>
/// <param name="Address">Where it serves its blocks (<c>local</c> for the driver of a local master).</param>
/// <param name="Slots">How many tasks it runs at once.</param>
/// <param name="ActiveTasks">Tasks it runs now.</param>
/// <param name="CompletedTasks">Tasks it finished.</param>
/// <param name="FailedTasks">Tasks that failed on it, or were lost with it.</param>
/// <param name="IsActive">False once it is lost.</param>
/// <param name="LostReason">Why it was lost; null while it is not.</param>
/// <param name="StatePartitions">
/// Partitions of stateful operators (UpdateStateByKey, MapWithState, inverse windows) it keeps, on executor
/// processes; 0 for the driver of a local master, which keeps them all.
/// </param>
/// <param name="ShuffleReadBytes">Bytes of map output its tasks read (executor processes only).</param>
/// <param name="ShuffleWriteBytes">Bytes of map output its tasks wrote (executor processes only).</param>
/// <param name="MapOutputs">Map outputs it holds now, of the shuffles still in use (executor processes only).</param>
/// <param name="Receivers">Receivers it runs, each holding one of its slots (executor processes only).</param>
/// <param name="ReceivedBlocks">Received blocks it holds a copy of, whose batches are not forgotten yet (executor processes only).</param>
/// <param name="CachedPartitions">Partitions of cached datasets (and of windows' batches) it holds (executor processes only).</param>
public sealed record ExecutorInfo(
    string Id,
    string Address,
    int Slots,
    int ActiveTasks,
    long CompletedTasks,
    long FailedTasks,
    bool IsActive,
    string? LostReason,
    int StatePartitions = 0,
    long ShuffleReadBytes = 0,
    long ShuffleWriteBytes = 0,
    int MapOutputs = 0,
    int Receivers = 0,
    int ReceivedBlocks = 0,
    int CachedPartitions = 0);
