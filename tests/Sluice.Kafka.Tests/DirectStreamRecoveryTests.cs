using Confluent.Kafka;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Kafka.Tests;

/// <summary>Crashes, recoveries, a broker going away, and a second application in the same group.</summary>
[Trait("Category", "Kafka")]
public sealed class DirectStreamRecoveryTests : IDisposable
{
    private const string Topic = "words";
    private readonly string _checkpoint = Directory.CreateTempSubdirectory("sluice-kafka-recovery-").FullName;

    public void Dispose() => Directory.Delete(_checkpoint, recursive: true);

    private static DStream<string> RunningCounts(StreamingContext context, KafkaDevCluster cluster)
        => KafkaUtils.CreateDirectStream(context, LocationStrategies.PreferConsistent,
                ConsumerStrategies.Subscribe<Null, string>([Topic], KafkaTestTopics.Config(cluster, "recovering")), KafkaTestTopics.FastOptions with { MaxRatePerPartition = 40 })
            .Map(record => (record.Message.Value, 1))
            .UpdateStateByKey<string, int, int>((counts, total) => new Optional<int>(total.GetValueOrDefault(0) + counts.Count), partitions: 2)
            .Map(pair => $"{pair.Item1}={pair.Item2}");

    [Fact]
    public async Task KilledAndRecovered_CountsEveryRecordOnce()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 2);
        string[] words = ["a", "b", "c", "d", "e"];
        KafkaTestTopics.Produce(cluster, Topic, 2, Enumerable.Range(0, 300).Select(i => words[i % 5]));
        DateTimeOffset stoppedAt;
        using (var first = new StreamingTestContext())
        {
            var output = first.Collect(RunningCounts(StreamingContext.GetOrCreate(_checkpoint, () => first.Context), cluster));
            await first.RunBatchesAsync(2); // 80 records a batch: 160 of 300 read
            stoppedAt = first.Clock.GetUtcNow();
            Assert.Equal(160, output.Batches[^1].Sum(count => int.Parse(count.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture)));
        } // killed: no graceful stop

        KafkaTestTopics.Produce(cluster, Topic, 2, Enumerable.Range(0, 200).Select(i => words[i % 5]));
        using var second = new StreamingTestContext();
        OutputCollector<string>? recovered = null;
        StreamingContext.GetOrCreate(_checkpoint, () =>
        {
            recovered = second.Collect(RunningCounts(second.Context, cluster));
            return second.Context;
        });
        second.Clock.SetUtcNow(stoppedAt);
        await second.RunBatchesAsync(8);

        // 500 records, 100 of each word, each counted once across the crash.
        Assert.Equal(["a=100", "b=100", "c=100", "d=100", "e=100"], recovered!.Batches[^1].Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BrokerDown_FailsTheBatchWithTheDocumentedError_AndNothingIsLostWhenItReturns()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 1);
        using var test = new StreamingTestContext(configure: options => options.BatchFailurePolicy = BatchFailurePolicy.Continue);
        var values = test.Collect(KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent,
                ConsumerStrategies.Assign<Null, string>([new TopicPartition(Topic, 0)], KafkaTestTopics.Config(cluster, "outage")),
                KafkaTestTopics.FastOptions with { RequestTimeout = TimeSpan.FromSeconds(1) })
            .Map(record => record.Message.Value));
        KafkaTestTopics.Produce(cluster, Topic, 1, ["before"]);
        await test.RunBatchesAsync(1);

        cluster.SetBrokerDown(1);
        await test.RunBatchesAsync(1);
        var failure = test.CompletedBatches[^1].Failure?.ToString();
        Assert.Contains("Could not read the offsets of words [[0]] after 2 attempts", failure, StringComparison.Ordinal);

        cluster.SetBrokerUp(1);
        KafkaTestTopics.Produce(cluster, Topic, 1, ["after"]);
        await test.RunBatchesAsync(1);
        Assert.Equal(["before", "after"], values.All);
    }
}
