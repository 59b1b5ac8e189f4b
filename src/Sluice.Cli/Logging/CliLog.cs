using Microsoft.Extensions.Logging;

namespace Sluice.Cli.Logging;

/// <summary>What the command line itself warns about, with stable event ids.</summary>
internal static partial class CliLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Lines received from {Source} are kept in memory until their batch is processed, so a crash loses those not yet processed: --checkpoint DIR resumes the counts, and --wal also keeps the received lines, in {Dir}")]
    public static partial void ReceivedDataNotLogged(ILogger logger, string source, string dir);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "kafka-dev dropped {Count} records of topic {Topic} partition {Partition} (offsets {From} to {To}): the development cluster keeps about 5 MiB per partition, and a consumer that had not read them will never see them. Give the topic more partitions (--topic {Topic}:8), or start the consumer before producing")]
    public static partial void KafkaRecordsDropped(ILogger logger, long count, string topic, int partition, long from, long to);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "kafka-dev could not check which records its retention dropped: {Reason}")]
    public static partial void KafkaRetentionUnknown(ILogger logger, string reason);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "OTLP export failed: {Reason}. Metrics and traces are dropped while it fails: check that a collector listens at {Endpoint}, or leave out --otlp-endpoint")]
    public static partial void OtlpExportFailed(ILogger logger, string reason, Uri endpoint);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Warning, Message = "OTLP export still failing: {Reason} ({Count} failures since the last warning). Check that a collector listens at {Endpoint}")]
    public static partial void OtlpExportStillFailing(ILogger logger, string reason, int count, Uri endpoint);
}
