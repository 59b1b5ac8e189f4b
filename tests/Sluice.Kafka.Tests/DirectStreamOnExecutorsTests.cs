using Confluent.Kafka;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Kafka.Tests;

/// <summary>
/// The direct stream on executor processes (<c>local-cluster[2,1]</c>, processes of this test host): its partitions
/// are read there, each topic-partition by the same executor batch after batch, and the batches are what
/// <c>local[2]</c> gives.
/// </summary>
[Trait("Category", "Process")]
public sealed class DirectStreamOnExecutorsTests
{
    private const string Topic = "spread";
    private const int Partitions = 3;

    [Fact]
    public async Task AWordCountOverKafka_GivesWhatLocalGives_BatchByBatch_EachPartitionReadByOneExecutor()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, Partitions);
        KafkaTestTopics.Produce(cluster, Topic, Partitions, Enumerable.Range(0, 300).Select(i => $"w{i % 7} w{i % 5}"));

        var local = await RunAsync(cluster, "local[2]");
        var distributed = await RunAsync(cluster, "local-cluster[2,1]");

        Assert.Equal(local.Counts, distributed.Counts);
        Assert.Equal(5, distributed.Counts.Count(batch => batch.Length > 0)); // 20 records a partition a batch: 300 in 5 batches, then none
        var readersByPartition = distributed.Readers.GroupBy(reader => reader.Partition).ToDictionary(group => group.Key, group => group.Select(reader => reader.Process).Distinct().ToArray());
        Assert.Equal(Partitions, readersByPartition.Count);
        Assert.All(readersByPartition.Values, processes => Assert.Single(processes));
        Assert.Equal(2, readersByPartition.Values.Select(processes => processes[0]).Distinct().Count());
        Assert.DoesNotContain(Environment.ProcessId, readersByPartition.Values.Select(processes => processes[0]));
    }

    private static async Task<Run> RunAsync(KafkaDevCluster cluster, string master)
    {
        using var test = new StreamingTestContext(master: master);
        var records = KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent,
            ConsumerStrategies.Subscribe<Null, string>([Topic], KafkaTestTopics.Config(cluster, $"group-{Guid.NewGuid():N}")),
            KafkaTestTopics.FastOptions with { MaxRatePerPartition = 20 });
        var counts = test.Collect(records.FlatMap(record => record.Message.Value.Split(' ')).Map(word => (word, 1)).ReduceByKey((a, b) => a + b, 2));
        var readers = test.Collect(records.Map(record => (record.Partition.Value, Environment.ProcessId)));

        await test.RunBatchesAsync(7);

        return new Run([.. counts.Batches.Select(batch => string.Join(" ", batch.Order()))], [.. readers.All]);
    }

    private sealed record Run(string[] Counts, (int Partition, int Process)[] Readers);
}
