using Confluent.Kafka;
using Sluice.Testing;

namespace Sluice.Kafka.Tests;

/// <summary>The errors a direct stream reports besides deleted offsets and a broker that is down.</summary>
[Trait("Category", "Kafka")]
public sealed class DirectStreamErrorTests
{
    private const string Topic = "events";

    [Fact]
    public async Task AStartingOffsetBeyondThePartitionsEnd_FailsTheBatch_AsAnInvertedRange()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 1);
        KafkaTestTopics.Produce(cluster, Topic, 1, Enumerable.Range(0, 10).Select(i => $"{i}"));
        using var test = new StreamingTestContext(configure: options => options.BatchFailurePolicy = BatchFailurePolicy.Continue);
        var partition = new TopicPartition(Topic, 0);
        var values = test.Collect(KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent,
                ConsumerStrategies.Assign<Null, string>([partition], KafkaTestTopics.Config(cluster, "ahead"), new Dictionary<TopicPartition, long> { [partition] = 50 }), KafkaTestTopics.FastOptions)
            .Map(record => record.Message.Value));

        await test.RunBatchesAsync(1);

        var error = Assert.Single(test.CompletedBatches).Failure?.ToString();
        Assert.Contains("events [[0]] ends at offset 10, before offset 50 where this stream is: the range would be inverted", error, StringComparison.Ordinal);
        Assert.Empty(values.All);
    }

    [Fact]
    public async Task RecordsDeletedAfterTheBatchWasPlanned_FailTheTask_NamingTheRange()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 1);
        KafkaTestTopics.Produce(cluster, Topic, 1, Enumerable.Range(0, 10).Select(i => $"{i}"));
        using var test = new StreamingTestContext(configure: options => options.BatchFailurePolicy = BatchFailurePolicy.Continue);
        var stream = KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent,
            ConsumerStrategies.Subscribe<Null, string>([Topic], KafkaTestTopics.Config(cluster, "late")), KafkaTestTopics.FastOptions);

        // The batch's range [0, 10) is planned when the batch is generated; its first output operation runs before
        // the second reads the records, and retention deletes the first four in between.
        stream.ForeachRdd(_ => cluster.DeleteRecords(Topic, 0, 4));
        var values = test.Collect(stream.Map(record => record.Message.Value));

        await test.RunBatchesAsync(1);

        var error = Assert.Single(test.CompletedBatches).Failure?.ToString();
        Assert.Contains("The records of events[0] [0, 10) are no longer in Kafka (retention deleted them after the batch was planned)", error, StringComparison.Ordinal);
        Assert.Empty(values.All);
    }

    [Fact]
    public async Task ASecondApplicationInTheSameGroup_TakesPartitionsAway_AndTheFirstSaysSo()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 2);
        KafkaTestTopics.Produce(cluster, Topic, 2, Enumerable.Range(0, 10).Select(i => $"{i}"));
        var config = KafkaTestTopics.Config(cluster, "shared");
        config.SessionTimeoutMs = 3000; // the mock's coordinator waits session.timeout - 1 s for members to rejoin
        var options = KafkaTestTopics.FastOptions with { RequestTimeout = TimeSpan.FromSeconds(20) };
        using var first = new StreamingTestContext(configure: o => o.BatchFailurePolicy = BatchFailurePolicy.Continue);
        first.Collect(KafkaUtils.CreateDirectStream(first.Context, LocationStrategies.PreferConsistent, ConsumerStrategies.Subscribe<Null, string>([Topic], config), options));
        await first.RunBatchesAsync(1); // holds both partitions
        Assert.Null(first.CompletedBatches[0].Failure);

        using var second = new StreamingTestContext();
        second.Collect(KafkaUtils.CreateDirectStream(second.Context, LocationStrategies.PreferConsistent, ConsumerStrategies.Subscribe<Null, string>([Topic], config), options));
        var joining = second.RunBatchesAsync(1); // joins the group: Kafka rebalances, which needs the first to rejoin

        // The first application takes part in the rebalance only when a batch polls its consumer; Kafka's own
        // timing decides when the rebalance ends, so batches run until the second application has its partitions.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!joining.IsCompleted && DateTime.UtcNow < deadline)
        {
            await first.RunBatchesAsync(1);
            await Task.WhenAny(joining, Task.Delay(200));
        }

        await joining;
        var failure = first.CompletedBatches.Select(batch => batch.Failure?.ToString()).LastOrDefault(error => error is not null);
        Assert.NotNull(failure);
        Assert.Contains("away from this stream: another consumer joined group 'shared' and the partitions were rebalanced", failure, StringComparison.Ordinal);
    }
}
