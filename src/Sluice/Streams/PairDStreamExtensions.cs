using Sluice.Datasets;
using Sluice.Streams.Operators;

namespace Sluice.Streams;

/// <summary>Operations on streams of key-value pairs, applied batch by batch.</summary>
/// <remarks>Each mirrors the dataset operation of the same name in <see cref="PairRddExtensions"/>, with the same partitioning rules.</remarks>
public static partial class PairDStreamExtensions
{
    /// <summary>Merges the values of each key within each batch.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="reduce">An associative, commutative function.</param>
    /// <param name="partitions">The number of partitions of each result.</param>
    public static DStream<(TKey, TValue)> ReduceByKey<TKey, TValue>(this DStream<(TKey, TValue)> source, Func<TValue, TValue, TValue> reduce, int? partitions = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reduce);
        PositiveOrNull(partitions);
        return Per(source, "reduceByKey", rdd => rdd.ReduceByKey(reduce, partitions));
    }

    /// <summary>Merges the values of each key within each batch, into the given partitioning.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="reduce">An associative, commutative function.</param>
    /// <param name="partitioner">Where each key ends up.</param>
    public static DStream<(TKey, TValue)> ReduceByKey<TKey, TValue>(this DStream<(TKey, TValue)> source, Func<TValue, TValue, TValue> reduce, Partitioner partitioner)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reduce);
        ArgumentNullException.ThrowIfNull(partitioner);
        return Per(source, "reduceByKey", rdd => rdd.ReduceByKey(reduce, partitioner));
    }

    /// <summary>Groups the values of each key within each batch.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="partitions">The number of partitions of each result.</param>
    public static DStream<(TKey, IReadOnlyList<TValue>)> GroupByKey<TKey, TValue>(this DStream<(TKey, TValue)> source, int? partitions = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        PositiveOrNull(partitions);
        return Per(source, "groupByKey", rdd => rdd.GroupByKey(partitions));
    }

    /// <summary>The general per-key aggregation within each batch (see <see cref="PairRddExtensions.CombineByKey{TKey, TValue, TCombiner}(Rdd{ValueTuple{TKey, TValue}}, Func{TValue, TCombiner}, Func{TCombiner, TValue, TCombiner}, Func{TCombiner, TCombiner, TCombiner}, int?, bool)"/>).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TCombiner">The combiner type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="createCombiner">Makes a combiner from a key's first value in a partition.</param>
    /// <param name="mergeValue">Adds a value to a combiner.</param>
    /// <param name="mergeCombiners">Merges two combiners.</param>
    /// <param name="partitions">The number of partitions of each result.</param>
    public static DStream<(TKey, TCombiner)> CombineByKey<TKey, TValue, TCombiner>(
        this DStream<(TKey, TValue)> source,
        Func<TValue, TCombiner> createCombiner,
        Func<TCombiner, TValue, TCombiner> mergeValue,
        Func<TCombiner, TCombiner, TCombiner> mergeCombiners,
        int? partitions = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(createCombiner);
        ArgumentNullException.ThrowIfNull(mergeValue);
        ArgumentNullException.ThrowIfNull(mergeCombiners);
        PositiveOrNull(partitions);
        return Per(source, "combineByKey", rdd => rdd.CombineByKey(createCombiner, mergeValue, mergeCombiners, partitions));
    }

    /// <summary>Applies <paramref name="map"/> to every value; keys are kept.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TResult">The new value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="map">Computes the new value.</param>
    public static DStream<(TKey, TResult)> MapValues<TKey, TValue, TResult>(this DStream<(TKey, TValue)> source, Func<TValue, TResult> map)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        return Per(source, "mapValues", rdd => rdd.MapValues(map));
    }

    /// <summary>Replaces every value by the values <paramref name="flatMap"/> returns, each with the key.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TResult">The new value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="flatMap">Returns zero or more values per value.</param>
    public static DStream<(TKey, TResult)> FlatMapValues<TKey, TValue, TResult>(this DStream<(TKey, TValue)> source, Func<TValue, IEnumerable<TResult>> flatMap)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(flatMap);
        return Per(source, "flatMapValues", rdd => rdd.FlatMapValues(flatMap));
    }

    /// <summary>Groups each batch of both streams by key.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">This stream's value type.</typeparam>
    /// <typeparam name="TOther">The other stream's value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="other">A stream with the same slide duration.</param>
    /// <param name="partitions">The number of partitions of each result.</param>
    public static DStream<(TKey, (IReadOnlyList<TValue>, IReadOnlyList<TOther>))> Cogroup<TKey, TValue, TOther>(
        this DStream<(TKey, TValue)> source, DStream<(TKey, TOther)> other, int? partitions = null)
        where TKey : notnull
        => With(source, other, "cogroup", partitions, (left, right) => left.Cogroup(right, partitions));

    /// <summary>Inner-joins each batch of both streams.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">This stream's value type.</typeparam>
    /// <typeparam name="TOther">The other stream's value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="other">A stream with the same slide duration.</param>
    /// <param name="partitions">The number of partitions of each result.</param>
    public static DStream<(TKey, (TValue, TOther))> Join<TKey, TValue, TOther>(this DStream<(TKey, TValue)> source, DStream<(TKey, TOther)> other, int? partitions = null)
        where TKey : notnull
        => With(source, other, "join", partitions, (left, right) => left.Join(right, partitions));

    /// <summary>Left-outer-joins each batch of both streams.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">This stream's value type.</typeparam>
    /// <typeparam name="TOther">The other stream's value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="other">A stream with the same slide duration.</param>
    /// <param name="partitions">The number of partitions of each result.</param>
    public static DStream<(TKey, (TValue, Optional<TOther>))> LeftOuterJoin<TKey, TValue, TOther>(this DStream<(TKey, TValue)> source, DStream<(TKey, TOther)> other, int? partitions = null)
        where TKey : notnull
        => With(source, other, "leftOuterJoin", partitions, (left, right) => left.LeftOuterJoin(right, partitions));

    /// <summary>Right-outer-joins each batch of both streams.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">This stream's value type.</typeparam>
    /// <typeparam name="TOther">The other stream's value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="other">A stream with the same slide duration.</param>
    /// <param name="partitions">The number of partitions of each result.</param>
    public static DStream<(TKey, (Optional<TValue>, TOther))> RightOuterJoin<TKey, TValue, TOther>(this DStream<(TKey, TValue)> source, DStream<(TKey, TOther)> other, int? partitions = null)
        where TKey : notnull
        => With(source, other, "rightOuterJoin", partitions, (left, right) => left.RightOuterJoin(right, partitions));

    /// <summary>Full-outer-joins each batch of both streams.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">This stream's value type.</typeparam>
    /// <typeparam name="TOther">The other stream's value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="other">A stream with the same slide duration.</param>
    /// <param name="partitions">The number of partitions of each result.</param>
    public static DStream<(TKey, (Optional<TValue>, Optional<TOther>))> FullOuterJoin<TKey, TValue, TOther>(this DStream<(TKey, TValue)> source, DStream<(TKey, TOther)> other, int? partitions = null)
        where TKey : notnull
        => With(source, other, "fullOuterJoin", partitions, (left, right) => left.FullOuterJoin(right, partitions));

    private static TransformedDStream<T, TResult> Per<T, TResult>(DStream<T> source, string kind, Func<Rdd<T>, Rdd<TResult>> perBatch)
        => new(source, kind, (rdd, _) => perBatch(rdd));

    private static TransformedWithDStream<TLeft, TRight, TResult> With<TLeft, TRight, TResult>(
        DStream<TLeft> source, DStream<TRight> other, string kind, int? partitions, Func<Rdd<TLeft>, Rdd<TRight>, Rdd<TResult>> perBatch)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(other);
        PositiveOrNull(partitions);
        return new(source, other, kind, (left, right, _) => perBatch(left, right));
    }

    private static void PositiveOrNull(int? partitions)
    {
        if (partitions is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(partitions));
        }
    }
}
