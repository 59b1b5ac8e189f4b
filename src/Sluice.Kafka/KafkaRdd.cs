using Confluent.Kafka;
using Sluice.Datasets;
using Sluice.Datasets.Operators;
using Sluice.Execution;

namespace Sluice.Kafka;

/// <summary>One batch of a Kafka direct stream: one partition per offset range, read inside the task.</summary>
internal sealed class KafkaRdd<TKey, TValue>(SluiceContext context, IReadOnlyList<OffsetRange> ranges, KafkaConsumerPool<TKey, TValue> consumers, TimeSpan pollTimeout)
    : Rdd<ConsumeResult<TKey, TValue>>(context, "kafkaDirectStream"), IHasOffsetRanges
{
    public IReadOnlyList<OffsetRange> OffsetRanges => ranges;

    public override int PartitionCount => ranges.Count;

    internal override IReadOnlyList<Dependency> Dependencies => [];

    internal override IEnumerable<ConsumeResult<TKey, TValue>> Compute(int partition, TaskContext context)
        => ranges[partition].Count == 0 ? [] : new TaggedEnumerable<ConsumeResult<TKey, TValue>>(Read(ranges[partition], context), this);

    private IEnumerable<ConsumeResult<TKey, TValue>> Read(OffsetRange range, TaskContext context)
    {
        var consumer = consumers.Take(range.TopicPartition, fresh: context.Attempt > 0);
        var complete = false;
        try
        {
            foreach (var record in consumer.Read(range, pollTimeout, context.CancellationToken))
            {
                yield return record;
            }

            complete = true;
        }
        finally
        {
            if (complete)
            {
                consumers.Return(consumer);
            }
            else
            {
                consumer.Dispose(); // a failed or abandoned read: its position and state are not trusted again
            }
        }
    }
}
