using System.Text.RegularExpressions;
using Confluent.Kafka;
using Sluice.Checkpointing;
using Sluice.Monitoring;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Kafka.Tests;

/// <summary>What a direct stream does with its consumer group: commits offsets when asked, follows a pattern's new topics.</summary>
[Trait("Category", "Kafka")]
public sealed class DirectStreamGroupTests
{
    private static long[] Committed(KafkaDevCluster cluster, string group, string topic, int partitions)
    {
        using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = group }).Build();
        return [.. reader.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10))
            .OrderBy(offset => offset.Partition.Value).Select(offset => offset.Offset.Value)];
    }

    /// <summary>The mock's coordinator waits session.timeout - 1 s for a member to join, so a short session keeps the test short.</summary>
    private static ConsumerConfig QuickGroup(KafkaDevCluster cluster, string group)
    {
        var config = KafkaTestTopics.Config(cluster, group);
        config.SessionTimeoutMs = 3000;
        return config;
    }

    [Fact]
    public async Task CommitAsync_CommitsTheBatchsRangesAfterItsOutput_CallsBack_AndANewApplicationResumesThere()
    {
        const string Topic = "orders";
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 2);
        KafkaTestTopics.Produce(cluster, Topic, 2, Enumerable.Range(0, 100).Select(i => $"a{i}"));
        var calls = new List<(IReadOnlyList<TopicPartitionOffset> Offsets, Exception? Error)>();
        using (var test = new StreamingTestContext())
        {
            var stream = KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent,
                ConsumerStrategies.Subscribe<Null, string>([Topic], QuickGroup(cluster, "committing")), KafkaTestTopics.FastOptions);
            stream.ForeachRdd(rdd => ((ICanCommitOffsets)stream).CommitAsync(rdd.OffsetRanges(), (offsets, error) =>
            {
                lock (calls)
                {
                    calls.Add((offsets, error));
                }
            }));

            await test.RunBatchesAsync(1);
            Assert.Equal([-1001, -1001], Committed(cluster, "committing", Topic, 2)); // queued, not committed yet

            KafkaTestTopics.Produce(cluster, Topic, 2, Enumerable.Range(0, 50).Select(i => $"b{i}"));
            await test.RunBatchesAsync(1); // commits the first batch's ranges before planning

            var (offsets, error) = Assert.Single(calls);
            Assert.Null(error);
            Assert.Equal([50, 50], offsets.OrderBy(offset => offset.Partition.Value).Select(offset => offset.Offset.Value));
            Assert.Equal([50, 50], Committed(cluster, "committing", Topic, 2));
        } // stopping commits what the second batch asked for

        Assert.Equal([75, 75], Committed(cluster, "committing", Topic, 2));
        KafkaTestTopics.Produce(cluster, Topic, 2, Enumerable.Range(0, 10).Select(i => $"c{i}"));
        using var restarted = new StreamingTestContext();
        var values = restarted.Collect(KafkaUtils.CreateDirectStream(restarted.Context, LocationStrategies.PreferConsistent,
            ConsumerStrategies.Subscribe<Null, string>([Topic], QuickGroup(cluster, "committing")), KafkaTestTopics.FastOptions).Map(record => record.Message.Value));
        await restarted.RunBatchesAsync(1);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"c{i}").Order(StringComparer.Ordinal), values.All.Order(StringComparer.Ordinal));
    }

    /// <summary>Completes when a checkpoint of <paramref name="batch"/> or a later batch is written.</summary>
    private sealed class CheckpointWritten(DateTimeOffset batch) : IStreamingListener
    {
        private readonly TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _written.Task.WaitAsync(StreamingTestContext.BatchTimeout);

        public void OnCheckpoint(CheckpointInfo checkpoint)
        {
            if (checkpoint.Succeeded && checkpoint.BatchTime >= batch)
            {
                _written.TrySetResult();
            }
        }
    }

    [Fact]
    public async Task CommitAsync_WithACheckpoint_WaitsUntilACheckpointRecordsTheBatch()
    {
        const string Topic = "payments";
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 2);
        KafkaTestTopics.Produce(cluster, Topic, 2, Enumerable.Range(0, 100).Select(i => $"a{i}"));
        var directory = Directory.CreateTempSubdirectory("sluice-kafka-commit-").FullName;
        var storage = new HeldCheckpointStorage(new LocalCheckpointStorage(directory));
        try
        {
            using var test = new StreamingTestContext();
            test.Context.Checkpoint(storage);
            var stream = KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent,
                ConsumerStrategies.Subscribe<Null, string>([Topic], QuickGroup(cluster, "checkpointed")), KafkaTestTopics.FastOptions);
            stream.ForeachRdd(rdd => ((ICanCommitOffsets)stream).CommitAsync(rdd.OffsetRanges()));
            test.Context.Start(); // its own checkpoint is written before Start returns
            storage.Hold(); // a slow checkpoint store: batches complete, their checkpoints are not durable yet
            try
            {
                var batches = await test.RunBatchesAsync(2);
                Assert.Equal(50 + 50, batches.Sum(batch => batch.NumRecords));

                // The second batch would have committed the first one's ranges. Committed now, a crash would restart
                // from an older checkpoint without these partitions, start from the committed offsets, and lose
                // the first batch's records from every window and state.
                Assert.Equal([-1001, -1001], Committed(cluster, "checkpointed", Topic, 2));

                var written = new CheckpointWritten(batches[^1].BatchTime);
                test.Context.AddStreamingListener(written);
                storage.Release();
                await written.Task;
                await test.RunBatchesAsync(1);
                Assert.Equal([50, 50], Committed(cluster, "checkpointed", Topic, 2));
            }
            finally
            {
                storage.Release(); // else stopping waits for ever on the held writes
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task SubscribePattern_PicksUpATopicCreatedWhileRunning()
    {
        using var cluster = KafkaTestTopics.ClusterWith("metrics-a", partitions: 1);
        KafkaTestTopics.Produce(cluster, "metrics-a", 1, ["a1", "a2"]);
        var config = QuickGroup(cluster, "patterned");
        config.TopicMetadataRefreshIntervalMs = 300; // how soon the consumer sees new topics (Kafka's default: 5 minutes)
        using var test = new StreamingTestContext();
        var values = test.Collect(KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent,
            ConsumerStrategies.SubscribePattern<Null, string>(new Regex("^metrics-.*"), config), KafkaTestTopics.FastOptions).Map(record => record.Message.Value));
        await test.RunBatchesAsync(1);
        Assert.Equal(["a1", "a2"], values.All.Order(StringComparer.Ordinal));

        cluster.CreateTopic("metrics-b", partitions: 2);
        KafkaTestTopics.Produce(cluster, "metrics-b", 2, ["b1", "b2", "b3"]);
        KafkaTestTopics.Produce(cluster, "other", 1, ["not matched"]);

        // Kafka's metadata refresh and the group's rebalance decide when the topic arrives; batches run until it has.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (values.All.Count() < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            await test.RunBatchesAsync(1);
        }

        Assert.Equal(["a1", "a2", "b1", "b2", "b3"], values.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARebalanceLongerThanTheRequestTimeout_GivesEmptyBatches_NotAnError_AndLosesNothing()
    {
        using var cluster = KafkaTestTopics.ClusterWith("mine", partitions: 2);
        cluster.CreateTopic("theirs", partitions: 1);
        using var test = new StreamingTestContext(); // a failed batch would stop the context and fail RunBatchesAsync
        var values = test.Collect(KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent,
                ConsumerStrategies.Subscribe<Null, string>(["mine"], QuickGroup(cluster, "mixed")), KafkaTestTopics.FastOptions with { RequestTimeout = TimeSpan.FromMilliseconds(300) })
            .Map(record => record.Message.Value));

        async Task RunUntil(int count, Func<bool> alsoDone)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((values.All.Count() < count || !alsoDone()) && DateTime.UtcNow < deadline)
            {
                await test.RunBatchesAsync(1);
                await Task.Delay(100);
            }
        }

        KafkaTestTopics.Produce(cluster, "mine", 2, Enumerable.Range(0, 10).Select(i => $"a{i}"));
        await RunUntil(10, () => true);

        // Another member joins the group for another topic: Kafka revokes every partition of the group, waits for
        // the members to rejoin (longer than the stream's request timeout), then gives "mine" back to the stream.
        var other = new ConsumerBuilder<Ignore, Ignore>(QuickGroup(cluster, "mixed")).Build();
        try
        {
            other.Subscribe("theirs");
            using var stopOther = new CancellationTokenSource();
            var otherPolls = Task.Run(() =>
            {
                while (!stopOther.IsCancellationRequested)
                {
                    other.Consume(TimeSpan.FromMilliseconds(100));
                }
            });
            KafkaTestTopics.Produce(cluster, "mine", 2, Enumerable.Range(0, 10).Select(i => $"b{i}"));
            await RunUntil(20, () => other.Assignment.Count > 0);
            await stopOther.CancelAsync();
            await otherPolls;
            Assert.Equal([new TopicPartition("theirs", 0)], other.Assignment);
        }
        finally
        {
            // librdkafka's close (which Dispose does) has no timeout and can wait on the group's rebalance: bounded
            // here, as the engine bounds its own, so a slow group never holds the test run.
            var closing = Task.Run(other.Close);
            if (await Task.WhenAny(closing, Task.Delay(TimeSpan.FromSeconds(10))) == closing)
            {
                other.Dispose();
            }
        }

        Assert.Equal(20, values.All.Count());
        Assert.Equal(20, values.All.Distinct().Count());
    }
}
