using Confluent.Kafka;
using Sluice.Datasets;
using Sluice.Sources;

namespace Sluice.Kafka;

/// <summary>The offset ranges of a Kafka direct stream's batches.</summary>
public static class KafkaRddExtensions
{
    /// <summary>
    /// The offset ranges a batch of a Kafka direct stream reads, one per dataset partition (Spark's
    /// <c>rdd.asInstanceOf[HasOffsetRanges].offsetRanges</c>). Only the stream's own datasets have them: ask in the
    /// first operation on the stream, <c>stream.ForeachRdd(rdd =&gt; rdd.OffsetRanges())</c>, not after a Map.
    /// </summary>
    /// <param name="rdd">A batch's dataset of the direct stream.</param>
    /// <returns>The ranges, in dataset partition order.</returns>
    /// <exception cref="InvalidOperationException">The dataset is not one the direct stream made.</exception>
    public static IReadOnlyList<OffsetRange> OffsetRanges<TKey, TValue>(this Rdd<ConsumeResult<TKey, TValue>> rdd)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        return rdd is IHasPositions<OffsetRange> batch
            ? batch.Positions
            : throw new InvalidOperationException(
                $"{rdd} is not a batch of a Kafka direct stream, so it has no offset ranges: ask for them on the stream's own datasets (stream.ForeachRdd(rdd => rdd.OffsetRanges())), before any Map or other operation.");
    }
}
