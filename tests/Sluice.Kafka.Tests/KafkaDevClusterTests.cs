using Confluent.Kafka;

namespace Sluice.Kafka.Tests;

[Trait("Category", "Kafka")]
public sealed class KafkaDevClusterTests
{
    [Fact]
    public async Task ProducedRecords_AreConsumedBackOverTcp()
    {
        using var cluster = KafkaDevCluster.Start(brokers: 3);
        Assert.Equal(3, cluster.BootstrapServers.Split(',').Length);
        Assert.All(cluster.BootstrapServers.Split(','), address => Assert.StartsWith("127.0.0.1:", address, StringComparison.Ordinal));
        cluster.CreateTopic("lines", partitions: 2);

        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (var i = 0; i < 100; i++)
            {
                await producer.ProduceAsync(new TopicPartition("lines", i % 2), new Message<Null, string> { Value = $"line {i}" });
            }
        }

        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "g" }).Build();
        consumer.Assign([new TopicPartitionOffset("lines", 0, Offset.Beginning), new TopicPartitionOffset("lines", 1, Offset.Beginning)]);
        var seen = new HashSet<string>();
        while (seen.Count < 100)
        {
            seen.Add(consumer.Consume(TimeSpan.FromSeconds(10))?.Message.Value ?? throw new TimeoutException("no record within 10 s"));
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"line {i}").ToHashSet(), seen);
    }

    [Fact]
    public void DeleteRecords_MovesTheLowWatermark()
    {
        using var cluster = KafkaDevCluster.Start(brokers: 1);
        cluster.CreateTopic("t", partitions: 1);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (var i = 0; i < 10; i++)
            {
                producer.Produce("t", new Message<Null, string> { Value = "x" });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        cluster.DeleteRecords("t", 0, 4);
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "g" }).Build();
        var marks = consumer.QueryWatermarkOffsets(new TopicPartition("t", 0), TimeSpan.FromSeconds(10));
        Assert.Equal(4, marks.Low.Value);
        Assert.Equal(10, marks.High.Value);
    }

    [Fact]
    public void ExistingTopic_IsAClearError()
    {
        using var cluster = KafkaDevCluster.Start(brokers: 1);
        cluster.CreateTopic("t", partitions: 1);
        var error = Assert.Throws<InvalidOperationException>(() => cluster.CreateTopic("t", partitions: 1));
        Assert.Contains("could not create topic t with 1 partitions", error.Message, StringComparison.Ordinal);
    }
}
