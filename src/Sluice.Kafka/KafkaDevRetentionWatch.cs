using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>
/// Finds the records a development cluster dropped to stay within its size per partition: each partition's low
/// watermark, compared with the last one seen. A partition first seen with a low watermark above 0 dropped its first
/// records already. Uses one admin client and one consumer (with no group), made on first use.
/// </summary>
internal sealed class KafkaDevRetentionWatch(string bootstrapServers) : IDisposable
{
    private readonly Dictionary<TopicPartition, long> _lows = [];
    private IAdminClient? _admin;
    private IConsumer<byte[], byte[]>? _consumer;

    /// <summary>The ranges dropped since the last call, per partition.</summary>
    public IReadOnlyList<OffsetRange> Check(TimeSpan timeout)
    {
        _admin ??= new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        _consumer ??= new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "sluice-kafka-dev-watch" }).Build();
        var dropped = new List<OffsetRange>();
        foreach (var topic in _admin.GetMetadata(timeout).Topics.Where(topic => !topic.Topic.StartsWith("__", StringComparison.Ordinal)))
        {
            foreach (var partition in topic.Partitions)
            {
                var key = new TopicPartition(topic.Topic, partition.PartitionId);
                var low = _consumer.QueryWatermarkOffsets(key, timeout).Low.Value;
                var seen = _lows.GetValueOrDefault(key);
                if (low > seen)
                {
                    dropped.Add(new OffsetRange(topic.Topic, partition.PartitionId, seen, low));
                    _lows[key] = low;
                }
            }
        }

        return dropped;
    }

    public void Dispose()
    {
        _consumer?.Dispose();
        _admin?.Dispose();
    }
}
