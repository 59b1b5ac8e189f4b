using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>
/// Cuts a batch's offset ranges: from each partition's current offset to its latest, limited per partition by the
/// maximum rate, and over all partitions by a total (back-pressure's rate, or the first batch's bound) split in
/// proportion to each partition's lag, as Spark's <c>DirectKafkaInputDStream.maxMessagesPerPartition</c>.
/// </summary>
internal static class OffsetRangePlanner
{
    /// <param name="current">Each partition's next offset to read.</param>
    /// <param name="latest">Each partition's end (high watermark), not below its current offset.</param>
    /// <param name="maxPerPartition">The most records any one partition contributes, if limited.</param>
    /// <param name="maxTotal">The most records over all partitions, if limited; split by lag, at least 1 per partition with lag.</param>
    public static List<OffsetRange> Plan(
        IReadOnlyDictionary<TopicPartition, long> current, IReadOnlyDictionary<TopicPartition, long> latest, long? maxPerPartition, long? maxTotal)
    {
        var totalLag = current.Sum(pair => latest[pair.Key] - pair.Value);
        var ranges = new List<OffsetRange>(current.Count);
        foreach (var (partition, from) in current.OrderBy(pair => pair.Key.Topic, StringComparer.Ordinal).ThenBy(pair => pair.Key.Partition.Value))
        {
            var lag = latest[partition] - from;
            var take = lag;
            if (maxTotal is { } total && totalLag > 0 && lag > 0)
            {
                take = Math.Min(take, Math.Max(1, (long)Math.Floor((double)lag / totalLag * total)));
            }

            if (maxPerPartition is { } perPartition)
            {
                take = Math.Min(take, perPartition);
            }

            ranges.Add(new OffsetRange(partition.Topic, partition.Partition.Value, from, from + take));
        }

        return ranges;
    }
}
