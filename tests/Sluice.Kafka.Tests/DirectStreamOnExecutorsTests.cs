using System.Diagnostics;
using Confluent.Kafka;
using Sluice.Streams;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Kafka.Tests;

/// <summary>
/// The direct stream on executor processes (<c>local-cluster[2,1]</c>, processes of this test host): its partitions
/// are read there, each topic-partition by the same executor batch after batch, and the batches are what
/// <c>local[2]</c> gives, also when an executor is killed while it reads.
/// </summary>
[Trait("Category", "Process")]
public sealed class DirectStreamOnExecutorsTests : IDisposable
{
    private const string Topic = "spread";
    private const int Partitions = 3;

    private readonly KillSignals _signals = new(holding: false);

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

    [Fact]
    public async Task AnExecutorKilledWhileItReadsAPartition_LosesNoRecord_EveryBatchAsLocalGivesIt()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, Partitions);
        KafkaTestTopics.Produce(cluster, Topic, Partitions, Enumerable.Range(0, 300).Select(i => $"w{i % 7} w{i % 5}"));

        var local = await RunAsync(cluster, "local[2]");
        var distributed = await RunAsync(cluster, "local-cluster[2,1]", killDuring: 3);

        Assert.Equal(local.Counts, distributed.Counts);
        Assert.Equal(5, distributed.Counts.Count(batch => batch.Length > 0));

        // After the loss, the killed executor's partitions are read by the one left, batch after batch.
        var survivors = distributed.Readers.Skip(distributed.Readers.Length - (2 * Partitions * 20)).Select(reader => reader.Process).Distinct();
        Assert.Single(survivors);
    }

    public void Dispose() => _signals.Dispose();

    /// <summary>
    /// Counts words over the topic for 7 batches; in batch <paramref name="killDuring"/>, kills with SIGKILL the
    /// executor process that reads a partition, while it reads.
    /// </summary>
    private async Task<Run> RunAsync(KafkaDevCluster cluster, string master, int? killDuring = null)
    {
        var signals = _signals.Directory;
        using var test = new StreamingTestContext(master: master);
        var records = KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent,
            ConsumerStrategies.Subscribe<Null, string>([Topic], KafkaTestTopics.Config(cluster, $"group-{Guid.NewGuid():N}")),
            KafkaTestTopics.FastOptions with { MaxRatePerPartition = 20 });
        var counts = test.Collect(records.FlatMap(record =>
        {
            KillSignals.HoldHere(signals);
            return record.Message.Value.Split(' ');
        }).Map(word => (word, 1)).ReduceByKey((a, b) => a + b, 2));
        var readers = test.Collect(records.Map(record => (record.Partition.Value, Environment.ProcessId)));

        if (killDuring is { } during)
        {
            await test.RunBatchesAsync(during - 1);
            _signals.Hold();
            var batch = test.RunBatchesAsync(1);
            using (var process = Process.GetProcessById(await _signals.RunningProcessAsync(batch)))
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            _signals.Go();
            await batch;
            await test.RunBatchesAsync(7 - during);
        }
        else
        {
            await test.RunBatchesAsync(7);
        }

        return new Run([.. counts.Batches.Select(batch => string.Join(" ", batch.Order()))], [.. readers.All]);
    }

    private sealed record Run(string[] Counts, (int Partition, int Process)[] Readers);
}
