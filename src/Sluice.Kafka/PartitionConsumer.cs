using Confluent.Kafka;

namespace Sluice.Kafka;

/// <summary>
/// A consumer assigned one topic-partition, reading offset ranges of it. It knows its next offset, so a range that
/// starts where the last one ended (the next batch) reads on from what the consumer already fetched.
/// </summary>
internal sealed class PartitionConsumer<TKey, TValue>(IConsumer<TKey, TValue> consumer, TopicPartition partition) : IDisposable
{
    private static readonly TimeSpan s_pollStep = TimeSpan.FromMilliseconds(100);
    private long? _next;

    public TopicPartition Partition => partition;

    /// <summary>The records of <paramref name="range"/> in offset order (offsets with no record, as after compaction, are skipped).</summary>
    /// <exception cref="KafkaReadException">The range is no longer in Kafka, or its records did not arrive within <paramref name="pollTimeout"/>.</exception>
    public IEnumerable<ConsumeResult<TKey, TValue>> Read(OffsetRange range, TimeSpan pollTimeout, CancellationToken cancellationToken)
    {
        if (_next != range.FromOffset)
        {
            consumer.Assign(new TopicPartitionOffset(partition, range.FromOffset));
            _next = range.FromOffset;
        }

        var waitingSince = DateTime.UtcNow;
        while (_next < range.UntilOffset)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = Consume(range);
            if (record is null || record.IsPartitionEOF)
            {
                if (consumer.Position(partition) is { Value: >= 0 } position && position.Value >= range.UntilOffset)
                {
                    _next = position.Value; // the rest of the range holds no records (transaction markers, compaction)
                    break;
                }

                if (DateTime.UtcNow - waitingSince > pollTimeout)
                {
                    throw new KafkaReadException(
                        $"No record of {range} arrived within {pollTimeout.TotalSeconds:0.#} s after offset {_next}: the broker leading {partition} is unreachable or slow. The task is retried; raise KafkaStreamOptions.PollTimeout if the brokers are just slow.");
                }

                continue;
            }

            waitingSince = DateTime.UtcNow;
            _next = record.Offset.Value + 1;
            if (record.Offset.Value >= range.UntilOffset)
            {
                break; // the range ended in offsets with no record
            }

            yield return record;
        }
    }

    public void Dispose()
    {
        consumer.Close();
        consumer.Dispose();
    }

    private ConsumeResult<TKey, TValue>? Consume(OffsetRange range)
    {
        try
        {
            return consumer.Consume(s_pollStep);
        }
        catch (ConsumeException error) when (error.Error.Code is ErrorCode.OffsetOutOfRange or ErrorCode.Local_AutoOffsetReset)
        {
            throw new KafkaReadException(
                $"The records of {range} are no longer in Kafka (retention deleted them after the batch was planned): {error.Error.Reason}. The batch fails and its batch failure policy applies; nothing can read these records any more. Keep records longer than the application may lag.",
                error);
        }
    }
}
