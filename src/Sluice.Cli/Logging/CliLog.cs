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
}
