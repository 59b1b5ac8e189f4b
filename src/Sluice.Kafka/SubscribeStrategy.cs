using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>A group subscription to topics, or to a pattern (a name starting with <c>^</c>).</summary>
internal sealed class SubscribeStrategy<TKey, TValue>(IReadOnlyList<string> topics, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? offsets)
    : ConsumerStrategy<TKey, TValue>(config, offsets)
{
    internal override bool IsGroupSubscription => true;

    internal override void Attach(IConsumer<byte[], byte[]> consumer) => consumer.Subscribe(topics);

    internal override string Describe() => $"the partitions of {string.Join(", ", topics)} (group {Config.GroupId})";
}
