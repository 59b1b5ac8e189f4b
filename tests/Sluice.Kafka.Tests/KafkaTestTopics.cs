using Confluent.Kafka;

namespace Sluice.Kafka.Tests;

/// <summary>What the Kafka tests do alike: a cluster with a topic, records produced into it, consumer configs.</summary>
internal static class KafkaTestTopics
{
    public static KafkaDevCluster ClusterWith(string topic, int partitions)
    {
        var cluster = KafkaDevCluster.Start(brokers: 1);
        cluster.CreateTopic(topic, partitions);
        return cluster;
    }

    /// <summary>Produces <paramref name="values"/> round-robin over the partitions, and waits for every delivery.</summary>
    public static void Produce(KafkaDevCluster cluster, string topic, int partitions, IEnumerable<string> values)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, LingerMs = 5 }).Build();
        var i = 0;
        foreach (var value in values)
        {
            producer.Produce(new TopicPartition(topic, i++ % partitions), new Message<Null, string> { Value = value });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>A group consumer config that joins and leaves the mock cluster's groups quickly.</summary>
    public static ConsumerConfig Config(KafkaDevCluster cluster, string group, AutoOffsetReset reset = AutoOffsetReset.Earliest)
        => new()
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = group,
            AutoOffsetReset = reset,
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 500,
        };

    /// <summary>Short timeouts, so a test of an unreachable broker fails in seconds, not minutes.</summary>
    public static KafkaStreamOptions FastOptions { get; } = new()
    {
        MaxRecordsFirstBatch = long.MaxValue,
        PollTimeout = TimeSpan.FromSeconds(10),
        RequestTimeout = TimeSpan.FromSeconds(5),
        RequestRetries = 1,
        RetryBackoff = TimeSpan.FromMilliseconds(100),
    };
}
