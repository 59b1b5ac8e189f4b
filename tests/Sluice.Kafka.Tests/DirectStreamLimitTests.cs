using Confluent.Kafka;
using Sluice.Testing;

namespace Sluice.Kafka.Tests;

/// <summary>Rate limits, the first batch's bound, two groups, and the errors a direct stream reports.</summary>
[Trait("Category", "Kafka")]
public sealed class DirectStreamLimitTests
{
    private const string Topic = "events";

    private static OutputCollector<string> Values(StreamingTestContext test, KafkaDevCluster cluster, string group, KafkaStreamOptions options)
        => test.Collect(KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent,
            ConsumerStrategies.Subscribe<Null, string>([Topic], KafkaTestTopics.Config(cluster, group)), options).Map(record => record.Message.Value));

    [Fact]
    public async Task MaxRatePerPartition_GivesBatchesOfRateTimesInterval_UntilTheBacklogIsRead()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 2);
        KafkaTestTopics.Produce(cluster, Topic, 2, Enumerable.Range(0, 500).Select(i => $"{i}"));
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(2));
        var values = Values(test, cluster, "rated", KafkaTestTopics.FastOptions with { MaxRatePerPartition = 50 });

        await test.RunBatchesAsync(6);

        Assert.Equal([200, 200, 100, 0, 0, 0], values.Batches.Select(batch => batch.Length)); // 50/s × 2 s × 2 partitions
        Assert.Equal(500, values.All.Distinct().Count());
    }

    [Fact]
    public async Task FirstBatch_IsBoundedByDefault_ByTheInitialRate()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 2);
        KafkaTestTopics.Produce(cluster, Topic, 2, Enumerable.Range(0, 500).Select(i => $"{i}"));
        using var test = new StreamingTestContext(configure: options => options.BackpressureInitialRate = 120);
        var values = Values(test, cluster, "bounded", KafkaTestTopics.FastOptions with { MaxRecordsFirstBatch = null });

        await test.RunBatchesAsync(2);

        Assert.Equal([120, 380], values.Batches.Select(batch => batch.Length)); // then the rest: no limit after the first batch
    }

    [Fact]
    public async Task TwoApplicationsWithDifferentGroups_EachReadEverything()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 2);
        KafkaTestTopics.Produce(cluster, Topic, 2, Enumerable.Range(0, 100).Select(i => $"{i}"));
        using var first = new StreamingTestContext();
        using var second = new StreamingTestContext();
        var a = Values(first, cluster, "app-a", KafkaTestTopics.FastOptions);
        var b = Values(second, cluster, "app-b", KafkaTestTopics.FastOptions);

        await first.RunBatchesAsync(1);
        await second.RunBatchesAsync(1);

        Assert.Equal(100, a.All.Distinct().Count());
        Assert.Equal(100, b.All.Distinct().Count());
    }

    [Fact]
    public async Task DeletedOffsets_FailTheBatch_NamingTheLostRange_OrAreSkippedWhenAsked()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 1);
        KafkaTestTopics.Produce(cluster, Topic, 1, Enumerable.Range(0, 10).Select(i => $"{i}"));
        using var failing = new StreamingTestContext(configure: options => options.BatchFailurePolicy = BatchFailurePolicy.Continue);
        var offsets = new Dictionary<TopicPartition, long> { [new TopicPartition(Topic, 0)] = 0 };
        var values = failing.Collect(KafkaUtils.CreateDirectStream(failing.Context, LocationStrategies.PreferConsistent,
            ConsumerStrategies.Assign<Null, string>([new TopicPartition(Topic, 0)], KafkaTestTopics.Config(cluster, "lagging"), offsets), KafkaTestTopics.FastOptions)
            .Map(record => record.Message.Value));
        cluster.DeleteRecords(Topic, 0, 4); // retention, before the stream read anything

        await failing.RunBatchesAsync(1);

        var error = Assert.Single(failing.CompletedBatches).Failure?.ToString();
        Assert.Contains("Offsets events[0] [0, 4) are no longer in Kafka", error, StringComparison.Ordinal);
        Assert.Empty(values.All);

        using var resetting = new StreamingTestContext();
        var reset = resetting.Collect(KafkaUtils.CreateDirectStream(resetting.Context, LocationStrategies.PreferConsistent,
            ConsumerStrategies.Assign<Null, string>([new TopicPartition(Topic, 0)], KafkaTestTopics.Config(cluster, "lagging"), offsets),
            KafkaTestTopics.FastOptions with { OnOffsetOutOfRange = OffsetOutOfRangePolicy.ResetToEarliest }).Map(record => record.Message.Value));
        await resetting.RunBatchesAsync(1);
        Assert.Equal(["4", "5", "6", "7", "8", "9"], reset.All);
    }

    [Fact]
    public async Task Backpressure_HoldsTheInitialRateUntilTheEstimatorHasOne_ThenFollowsTheProcessingRate()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 2);
        KafkaTestTopics.Produce(cluster, Topic, 2, Enumerable.Range(0, 10_000).Select(i => $"{i}"));
        using var test = new StreamingTestContext(configure: options =>
        {
            options.BackpressureEnabled = true;
            options.BackpressureInitialRate = 1000;
        });
        var stream = KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent,
            ConsumerStrategies.Subscribe<Null, string>([Topic], KafkaTestTopics.Config(cluster, "pressed")), KafkaTestTopics.FastOptions with { MaxRecordsFirstBatch = null });
        var sizes = new List<long>();

        // Processing that takes 0.5 ms of the manual clock per record: 2,000 records a second.
        stream.ForeachRdd(rdd =>
        {
            var count = rdd.Count();
            lock (sizes)
            {
                sizes.Add(count);
            }

            test.Clock.Advance(TimeSpan.FromMilliseconds(count * 0.5));
        });

        await test.RunBatchesAsync(3);

        // The estimator needs two batches before it gives a rate; then it gives what processing managed. (The third
        // batch's processing reaches the next batch time, so a fourth may be running.)
        lock (sizes)
        {
            Assert.Equal([1000, 1000, 2000], sizes.Take(3));
        }
    }
}
