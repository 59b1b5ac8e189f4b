using Sluice.Datasets.Operators;

namespace Sluice.Datasets;

/// <summary>Operations on datasets of key-value pairs: per-key aggregation, sorting and partitioning.</summary>
/// <remarks>
/// Keys must not be null and are compared with <see cref="EqualityComparer{T}.Default"/>. Operations that take a
/// partition count shuffle into a <see cref="HashPartitioner"/> of that size; when omitted, the parent's partitioner
/// is kept if it has one, otherwise the parent's partition count is used.
/// </remarks>
public static partial class PairRddExtensions
{
    /// <summary>Applies <paramref name="map"/> to every value; keys and partitioning are kept.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TResult">The new value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="map">Computes the new value.</param>
    public static Rdd<(TKey, TResult)> MapValues<TKey, TValue, TResult>(this Rdd<(TKey, TValue)> source, Func<TValue, TResult> map)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        return new MapPartitionsRdd<(TKey, TValue), (TKey, TResult)>(
            source,
            "mapValues",
            (_, records, owner) => new MapEnumerator<(TKey, TValue), (TKey, TResult)>(records, pair => (pair.Item1, map(pair.Item2)), owner),
            preservesPartitioning: true,
            wrapSink: next => new MapSink<(TKey, TValue), (TKey, TResult)>(next, pair => (pair.Item1, map(pair.Item2))));
    }

    /// <summary>Replaces every value by the values <paramref name="flatMap"/> returns, each paired with the key; partitioning is kept.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TResult">The new value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="flatMap">Returns zero or more values per value.</param>
    public static Rdd<(TKey, TResult)> FlatMapValues<TKey, TValue, TResult>(this Rdd<(TKey, TValue)> source, Func<TValue, IEnumerable<TResult>> flatMap)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(flatMap);
        return new MapPartitionsRdd<(TKey, TValue), (TKey, TResult)>(
            source,
            "flatMapValues",
            (_, records, owner) => new FlatMapEnumerator<(TKey, TValue), (TKey, TResult)>(records, pair => flatMap(pair.Item2).Select(value => (pair.Item1, value)), owner),
            preservesPartitioning: true);
    }

    /// <summary>The keys.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    public static Rdd<TKey> Keys<TKey, TValue>(this Rdd<(TKey, TValue)> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Map(pair => pair.Item1);
    }

    /// <summary>The values.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    public static Rdd<TValue> Values<TKey, TValue>(this Rdd<(TKey, TValue)> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Map(pair => pair.Item2);
    }

    /// <summary>Shuffles the pairs so that <paramref name="partitioner"/> decides where each key lives; no shuffle if it already does.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="partitioner">The new partitioning.</param>
    public static Rdd<(TKey, TValue)> PartitionBy<TKey, TValue>(this Rdd<(TKey, TValue)> source, Partitioner partitioner)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(partitioner);
        return partitioner.Equals(source.Partitioner) ? source : new ShuffledRdd<TKey, TValue>(source, partitioner, "partitionBy");
    }

    /// <summary>
    /// Sorts by key through a range-partitioned shuffle: partition <c>i</c> holds smaller keys than partition
    /// <c>i + 1</c>, and each partition is sorted. Equal keys keep their arrival order. Runs a sampling job to
    /// choose the ranges.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="ascending">False for descending order.</param>
    /// <param name="partitions">The number of output partitions; the dataset's own count when omitted.</param>
    /// <param name="comparer">The key order; <see cref="Comparer{T}.Default"/> when omitted.</param>
    public static Rdd<(TKey, TValue)> SortByKey<TKey, TValue>(
        this Rdd<(TKey, TValue)> source, bool ascending = true, int? partitions = null, IComparer<TKey>? comparer = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        var count = partitions ?? Math.Max(1, source.PartitionCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(partitions));
        var order = comparer ?? Comparer<TKey>.Default;
        var partitioner = RangePartitioner<TKey>.Create(source, count, order, ascending);

        // Each map task sorts its buckets (in parallel), and each reduce task merges the sorted runs as it reads them.
        return new ShuffledRdd<TKey, TValue>(source, partitioner, "sortByKey", new SortOrder<TKey>(order, ascending));
    }

    /// <summary>Spark's default: the parent's partitioner if it has one, else hash partitioning over the given or the parent's count.</summary>
    internal static Partitioner ResolvePartitioner(int? partitions, params ReadOnlySpan<Rdd> parents)
    {
        if (partitions is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(partitions));
            return new HashPartitioner(count);
        }

        Partitioner? existing = null;
        var most = 1;
        foreach (var parent in parents)
        {
            most = Math.Max(most, parent.PartitionCount);
            if (parent.Partitioner is { } partitioner && (existing is null || partitioner.PartitionCount > existing.PartitionCount))
            {
                existing = partitioner;
            }
        }

        return existing ?? new HashPartitioner(most);
    }
}
