using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>
/// A Kafka direct stream commits offsets to Kafka for its consumer group when asked (Spark's <c>CanCommitOffsets</c>):
/// call <see cref="CommitAsync"/> after a batch's output is written, with that batch's ranges. Commits are queued
/// and sent before the next batch's ranges are computed (and at a stop), so a commit never precedes the output.
/// With a checkpoint, a commit also waits until a durable checkpoint records its batch (usually one or two batches).
/// </summary>
/// <remarks>
/// Committed offsets let other tools see the group's progress and let an application without a checkpoint resume
/// near where it was; with a checkpoint, the checkpointed ranges win and nothing is read twice or skipped. That
/// holds across a crash at any moment because the group's committed offset is never ahead of the newest durable
/// checkpoint: a restart that finds a partition in no checkpoint starts from the committed offset, and what lies
/// between would be in no window or state.
/// </remarks>
public interface ICanCommitOffsets
{
    /// <summary>Queues the end of each range as the group's committed offset of its partition.</summary>
    /// <param name="ranges">The ranges whose output is written, usually a batch's <see cref="KafkaRddExtensions.OffsetRanges{TKey, TValue}"/>.</param>
    /// <param name="callback">Called with the offsets committed and the error, if the commit failed; on the batch generator's thread, so keep it short.</param>
    void CommitAsync(IReadOnlyList<OffsetRange> ranges, Action<IReadOnlyList<TopicPartitionOffset>, Exception?>? callback = null);
}
