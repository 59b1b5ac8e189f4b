using Microsoft.Extensions.Logging;

namespace Sluice.Kafka;

/// <summary>The Kafka connector's log messages (event ids 6xxx).</summary>
internal static partial class KafkaLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Offsets {Range} were deleted by retention before they were read and are skipped: going on from the {Where} offset, {Offset}")]
    public static partial void OffsetsLost(ILogger logger, string range, string where, long offset);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Committing offsets for group {GroupId} failed: {Offsets}")]
    public static partial void CommitFailed(ILogger logger, Exception error, string? groupId, string offsets);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Closing the consumer of group {GroupId} failed")]
    public static partial void CloseFailed(ILogger logger, Exception error, string? groupId);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "The consumer of group {GroupId} did not leave the group within {Seconds} s; the stop goes on, and Kafka drops the member after its session timeout")]
    public static partial void CloseTimedOut(ILogger logger, string? groupId, double seconds);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Message}")]
    public static partial void Client(ILogger logger, string facility, string message);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "No partition of {Partitions} was assigned within {Seconds} s: the batch is empty. The topics may not exist yet, or the group is rebalancing (after a member left without a goodbye, Kafka waits for its session.timeout.ms)")]
    public static partial void NoPartitions(ILogger logger, string partitions, double seconds);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Could not {What} (attempt {Attempt} of {Retries} retries); trying again")]
    public static partial void RequestRetried(ILogger logger, Exception error, string what, int attempt, int retries);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Polling the group consumer of {Partitions} failed")]
    public static partial void PollFailed(ILogger logger, Exception error, string partitions);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Delivering records to Kafka topic {Topic} failed: {Reason}")]
    public static partial void DeliveryFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void ClientError(ILogger logger, string message);
}
