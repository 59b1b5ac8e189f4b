using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>
/// Offsets an output asked to commit, held until they are safe to send: with a checkpoint, until a durable checkpoint
/// records the positions of batch <paramref name="Batch"/> (the newest planned when they were asked for, so at least
/// the batch whose output asked).
/// </summary>
internal sealed record CommitRequest(
    IReadOnlyList<TopicPartitionOffset> Offsets,
    Action<IReadOnlyList<TopicPartitionOffset>, Exception?>? Callback,
    DateTimeOffset Batch);
