using Confluent.Kafka;
using Sluice.Testing;

namespace Sluice.Kafka.Tests;

[Trait("Category", "Kafka")]
public sealed class DirectStreamTests
{
    private const string Topic = "lines";

    [Fact]
    public async Task EveryProducedRecord_IsInExactlyOneBatch_AndRangesAreContiguous()
    {
        using var cluster = KafkaTestTopics.ClusterWith(Topic, partitions: 3);
        using var test = new StreamingTestContext();
        var stream = KafkaUtils.CreateDirectStream(test.Context, LocationStrategies.PreferConsistent,
            ConsumerStrategies.Subscribe<Null, string>([Topic], KafkaTestTopics.Config(cluster, "counts")), KafkaTestTopics.FastOptions);
        var ranges = new List<(DateTimeOffset Time, IReadOnlyList<OffsetRange> Ranges)>();
        stream.ForeachRdd((rdd, time) =>
        {
            lock (ranges)
            {
                ranges.Add((time, rdd.OffsetRanges()));
            }
        });
        var values = test.Collect(stream.Map(record => record.Message.Value));

        KafkaTestTopics.Produce(cluster, Topic, 3, Enumerable.Range(0, 300).Select(i => $"a{i}"));
        await test.RunBatchesAsync(1);
        KafkaTestTopics.Produce(cluster, Topic, 3, Enumerable.Range(0, 200).Select(i => $"b{i}"));
        await test.RunBatchesAsync(2);

        Assert.Equal(
            Enumerable.Range(0, 300).Select(i => $"a{i}").Concat(Enumerable.Range(0, 200).Select(i => $"b{i}")).Order(StringComparer.Ordinal),
            values.All.Order(StringComparer.Ordinal));
        Assert.Equal(300, values.Batches[0].Length); // each batch reads what arrived before it
        Assert.Equal(["lines[0] [0, 100)", "lines[1] [0, 100)", "lines[2] [0, 100)"], test.CompletedBatches[0].InputMetadata[stream.Id]);
        Assert.Equal(200, values.Batches[1].Length);
        foreach (var partition in Enumerable.Range(0, 3))
        {
            var chain = ranges.OrderBy(batch => batch.Time).Select(batch => batch.Ranges.Single(range => range.Partition == partition)).ToList();
            Assert.Equal(0, chain[0].FromOffset);
            Assert.All(chain.Zip(chain.Skip(1)), pair => Assert.Equal(pair.First.UntilOffset, pair.Second.FromOffset));
            Assert.Equal(100 + 67 - (partition < 2 ? 0 : 1), chain[^1].UntilOffset);
        }
    }
}
