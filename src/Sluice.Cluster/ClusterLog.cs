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
}
