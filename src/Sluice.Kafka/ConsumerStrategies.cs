using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>The ways a Kafka direct stream chooses its partitions, as Spark's <c>ConsumerStrategies</c>.</summary>
public static class ConsumerStrategies
{
    /// <summary>
    /// The partitions of <paramref name="topics"/>, assigned by Kafka to the stream's consumer group: partitions added
    /// later are picked up. Two applications with the same group id would split the partitions, so the stream fails
    /// with a clear error when one is taken away.
    /// </summary>
    public static ConsumerStrategy<TKey, TValue> Subscribe<TKey, TValue>(IEnumerable<string> topics, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? offsets = null)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var list = topics.ToList();
        if (list.Count == 0 || list.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Subscribe needs at least one topic name, and no empty one.", nameof(topics));
        }

        return new SubscribeStrategy<TKey, TValue>(list, config, offsets);
    }

    /// <summary>The partitions of every topic whose name matches <paramref name="pattern"/>, including topics created later.</summary>
    public static ConsumerStrategy<TKey, TValue> SubscribePattern<TKey, TValue>(Regex pattern, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? offsets = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var text = pattern.ToString();
        return new SubscribeStrategy<TKey, TValue>([text.StartsWith('^') ? text : "^" + text], config, offsets); // librdkafka: a leading ^ makes a pattern
    }

    /// <summary>Exactly these partitions, with no group membership (the group id is used for commits only).</summary>
    public static ConsumerStrategy<TKey, TValue> Assign<TKey, TValue>(IEnumerable<TopicPartition> partitions, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? offsets = null)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var list = partitions.Distinct().ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("Assign needs at least one topic-partition.", nameof(partitions));
        }

        return new AssignStrategy<TKey, TValue>(list, config, offsets);
    }
}
