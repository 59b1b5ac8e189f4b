using Microsoft.Extensions.Logging;

namespace Sluice.Cluster;

/// <summary>The cluster's log events (ids 10001–10099).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 10001, Level = LogLevel.Information, Message = "Driver listening for executors at {Address}")]
    public static partial void DriverStarted(ILogger logger, string address);

    [LoggerMessage(EventId = 10002, Level = LogLevel.Information, Message = "Executor {ExecutorId} registered: {Slots} slots, blocks at {BlockAddress}, cluster address {Address}")]
    public static partial void ExecutorRegistered(ILogger logger, string executorId, int slots, Uri blockAddress, string address);

    [LoggerMessage(EventId = 10003, Level = LogLevel.Warning, Message = "Executor {ExecutorId} at {Address} lost: {Reason}")]
    public static partial void ExecutorLost(ILogger logger, string executorId, string address, string reason);

    [LoggerMessage(EventId = 10004, Level = LogLevel.Warning, Message = "Refused an executor: {Reason}")]
    public static partial void ExecutorRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 10005, Level = LogLevel.Information, Message = "Registered with the driver at {Driver} as executor {ExecutorId}, {Slots} slots")]
    public static partial void RegisteredWithDriver(ILogger logger, string driver, string executorId, int slots);

    [LoggerMessage(EventId = 10006, Level = LogLevel.Information, Message = "The tasks executor {ExecutorId} was running run again on other executors, and its map outputs are computed again when needed ({Reason})")]
    public static partial void TasksRescheduled(ILogger logger, string executorId, string reason);

    [LoggerMessage(EventId = 10007, Level = LogLevel.Information, Message = "Started executor process {ExecutorId} (pid {ProcessId}), {Slots} slots")]
    public static partial void ExecutorProcessStarted(ILogger logger, string executorId, int processId, int slots);

    [LoggerMessage(EventId = 10008, Level = LogLevel.Warning, Message = "Executor process {ExecutorId} (pid {ProcessId}) ended with exit code {ExitCode}")]
    public static partial void ExecutorProcessEnded(ILogger logger, string executorId, int processId, int exitCode);

    [LoggerMessage(EventId = 10009, Level = LogLevel.Warning, Message = "Starting executor process {ExecutorId} in place of lost executor {LostId}")]
    public static partial void ExecutorReplaced(ILogger logger, string executorId, string lostId);
}
