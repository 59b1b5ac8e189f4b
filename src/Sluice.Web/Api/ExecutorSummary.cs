namespace Sluice.Web.Api;

/// <summary>
/// One executor, as Spark's <c>/applications/{appId}/executors</c>: <c>driver</c> alone for the local masters; an
/// executor process each for a cluster master, lost ones with <c>RemoveReason</c>, and the partitions of stateful
/// operators each keeps, the map outputs it holds, the receivers it runs, the received blocks it holds a copy of and
/// the cached partitions it holds (<c>StatePartitions</c>, <c>MapOutputs</c>, <c>Receivers</c>, <c>ReceivedBlocks</c>
/// and <c>CachedPartitions</c>, Sluice's own).
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
    int MapOutputs,
    int Receivers,
    int ReceivedBlocks,
    int CachedPartitions);
