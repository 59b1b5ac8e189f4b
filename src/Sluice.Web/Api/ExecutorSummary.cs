namespace Sluice.Web.Api;

/// <summary>
/// One executor, as Spark's <c>/applications/{appId}/executors</c>: <c>driver</c> alone for the local masters; an
/// executor process each for a cluster master, lost ones with <c>RemoveReason</c>, and the partitions of stateful
/// operators each keeps and the map outputs it holds (<c>StatePartitions</c> and <c>MapOutputs</c>, Sluice's own).
/// </summary>
public sealed record ExecutorSummary(
    string Id,
    string HostPort,
    bool IsActive,
    int TotalCores,
    int ActiveTasks,
    long CompletedTasks,
    long FailedTasks,
    string? RemoveReason,
    int StatePartitions,
    long TotalShuffleRead,
    long TotalShuffleWrite,
    int MapOutputs);
