using Sluice.Datasets;
using Sluice.Streams.Operators;

namespace Sluice.Streams;

/// <summary>Stream operations whose records are used as dictionary keys, so must not be null.</summary>
public static class DStreamExtensions
{
    /// <summary>For every batch, each distinct record with the number of times it occurs.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="source">The stream.</param>
    /// <param name="partitions">The number of partitions of each result; the batch's own count when omitted.</param>
    public static DStream<(T, long)> CountByValue<T>(this DStream<T> source, int? partitions = null)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return new TransformedDStream<T, (T, long)>(
            source, "countByValue", (rdd, _) => rdd.Map(static record => (record, 1L)).ReduceByKey(static (a, b) => a + b, partitions));
    }
}
