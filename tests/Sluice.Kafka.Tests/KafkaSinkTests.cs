using Confluent.Kafka;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Kafka.Tests;

[Trait("Category", "Kafka")]
public sealed class KafkaSinkTests
{
    private static List<ConsumeResult<string, string>> ReadAll(KafkaDevCluster cluster, string topic, int expected)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "reader" }).Build();
        consumer.Assign(Enumerable.Range(0, 2).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = new List<ConsumeResult<string, string>>();
        while (read.Count < expected && consumer.Consume(TimeSpan.FromSeconds(5)) is { } record)
        {
            read.Add(record);
        }

        return read;
    }

    [Fact]
    public async Task ToKafka_HasEveryRecordInKafkaWhenTheBatchCompletes()
    {
        using var cluster = KafkaTestTopics.ClusterWith("counts", partitions: 2);
        using var test = new StreamingTestContext();
        test.Input<string>([["a", "b", "a"], ["c"]]).Map(word => (word, 1)).ReduceByKey((a, b) => a + b)
            .ToKafka("counts", new ProducerConfig { BootstrapServers = cluster.BootstrapServers }, pair => pair.Item1, pair => pair.Item2.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await test.RunBatchesAsync(2);

        // Read after the batches completed, with nothing flushed since: delivery was confirmed inside each batch.
        var records = ReadAll(cluster, "counts", 3);
        Assert.Equal(["a=2", "b=1", "c=1"], records.Select(record => $"{record.Message.Key}={record.Message.Value}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UnreachableBroker_FailsTheBatch_SayingWhatWasNotDelivered()
    {
        using var cluster = KafkaTestTopics.ClusterWith("counts", partitions: 1);
        using var test = new StreamingTestContext(configure: options => options.BatchFailurePolicy = BatchFailurePolicy.Continue);
        test.Input<string>([["a"]]).ToKafka("counts", new ProducerConfig { BootstrapServers = cluster.BootstrapServers, MessageTimeoutMs = 1000 });
        cluster.SetBrokerDown(1);

        await test.RunBatchesAsync(1);

        Assert.Contains("records were not delivered to topic counts", test.CompletedBatches[^1].Failure?.ToString(), StringComparison.Ordinal);
    }
}
