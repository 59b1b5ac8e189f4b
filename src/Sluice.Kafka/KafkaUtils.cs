using Confluent.Kafka;
using Sluice.Streams;

namespace Sluice.Kafka;

/// <summary>Kafka streams for a <see cref="StreamingContext"/>, as Spark's <c>KafkaUtils</c>.</summary>
public static class KafkaUtils
{
    /// <summary>
    /// A direct stream of the records of the partitions <paramref name="consumerStrategy"/> chooses: each batch reads
    /// exactly the offsets that arrived since the last one (limited by <see cref="KafkaStreamOptions"/> and
    /// back-pressure), one dataset partition per Kafka partition. A batch's dataset tells its ranges
    /// (<see cref="KafkaRddExtensions.OffsetRanges{TKey, TValue}"/>), and the stream is an <see cref="ICanCommitOffsets"/>. With a checkpoint directory,
    /// the ranges are checkpointed, so a recovered application reads each record in exactly one batch.
    /// </summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="locationStrategy">Where tasks should run; in local mode every task runs in this process, so it has no effect.</param>
    /// <param name="consumerStrategy">The partitions, the consumer configuration and the starting offsets.</param>
    /// <param name="options">Rates, timeouts and what to do about deleted offsets; defaults when null.</param>
    public static DStream<ConsumeResult<TKey, TValue>> CreateDirectStream<TKey, TValue>(
        StreamingContext context, LocationStrategy locationStrategy, ConsumerStrategy<TKey, TValue> consumerStrategy, KafkaStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(locationStrategy);
        ArgumentNullException.ThrowIfNull(consumerStrategy);
        return new DirectKafkaInputDStream<TKey, TValue>(context, consumerStrategy, (options ?? new KafkaStreamOptions()).Validate());
    }
}
