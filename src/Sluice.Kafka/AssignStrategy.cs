using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>A fixed list of partitions, with no group membership.</summary>
internal sealed class AssignStrategy<TKey, TValue>(IReadOnlyList<TopicPartition> partitions, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? offsets)
    : ConsumerStrategy<TKey, TValue>(config, offsets)
{
    internal override bool IsGroupSubscription => false;

    internal override void Attach(IConsumer<byte[], byte[]> consumer) => consumer.Assign(partitions);

    internal override string Describe() => string.Join(", ", partitions);
}
