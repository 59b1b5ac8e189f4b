using System.Runtime.InteropServices;
using Sluice.Datasets.Operators;

namespace Sluice.Datasets;

public static partial class PairRddExtensions
{
    /// <summary>Merges the values of each key with an associative, commutative function, combining on the map side first.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="reduce">Merges two values of one key.</param>
    /// <param name="partitions">The number of output partitions (see the class remarks for the default).</param>
    public static Rdd<(TKey, TValue)> ReduceByKey<TKey, TValue>(this Rdd<(TKey, TValue)> source, Func<TValue, TValue, TValue> reduce, int? partitions = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.ReduceByKey(reduce, ResolvePartitioner(partitions, source));
    }

    /// <summary>Merges the values of each key with an associative, commutative function, into the given partitioning.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="reduce">Merges two values of one key.</param>
    /// <param name="partitioner">Where each key ends up.</param>
    public static Rdd<(TKey, TValue)> ReduceByKey<TKey, TValue>(this Rdd<(TKey, TValue)> source, Func<TValue, TValue, TValue> reduce, Partitioner partitioner)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(reduce);
        return source.CombineByKey(static value => value, reduce, reduce, partitioner, mapSideCombine: true, "reduceByKey");
    }

    /// <summary>
    /// The general per-key aggregation: turns the first value of a key into a combiner, merges further values into
    /// it, and merges combiners from different partitions.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TCombiner">The combiner type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="createCombiner">Makes a combiner from a key's first value in a partition.</param>
    /// <param name="mergeValue">Adds a value to a combiner.</param>
    /// <param name="mergeCombiners">Merges two combiners of one key.</param>
    /// <param name="partitions">The number of output partitions (see the class remarks for the default).</param>
    /// <param name="mapSideCombine">Whether map tasks combine before the shuffle (fewer records moved).</param>
    public static Rdd<(TKey, TCombiner)> CombineByKey<TKey, TValue, TCombiner>(
        this Rdd<(TKey, TValue)> source,
        Func<TValue, TCombiner> createCombiner,
        Func<TCombiner, TValue, TCombiner> mergeValue,
        Func<TCombiner, TCombiner, TCombiner> mergeCombiners,
        int? partitions = null,
        bool mapSideCombine = true)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.CombineByKey(createCombiner, mergeValue, mergeCombiners, ResolvePartitioner(partitions, source), mapSideCombine, "combineByKey");
    }

    /// <summary>Groups the values of each key into one list; no map-side combining (it would not shrink the data).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="partitions">The number of output partitions (see the class remarks for the default).</param>
    public static Rdd<(TKey, IReadOnlyList<TValue>)> GroupByKey<TKey, TValue>(this Rdd<(TKey, TValue)> source, int? partitions = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.GroupByKey(ResolvePartitioner(partitions, source));
    }

    /// <summary>Groups the values of each key into one list, into the given partitioning.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="partitioner">Where each key ends up; no shuffle when the source is already partitioned so.</param>
    public static Rdd<(TKey, IReadOnlyList<TValue>)> GroupByKey<TKey, TValue>(this Rdd<(TKey, TValue)> source, Partitioner partitioner)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(partitioner);
        return source.CombineByKey<TKey, TValue, List<TValue>>(
                static value => [value],
                static (list, value) =>
                {
                    list.Add(value);
                    return list;
                },
                static (left, right) =>
                {
                    left.AddRange(right);
                    return left;
                },
                partitioner,
                mapSideCombine: false,
                "groupByKey")
            .MapValues(static list => (IReadOnlyList<TValue>)list);
    }

    /// <summary>Aggregates the values of each key from a zero value: <paramref name="seqOp"/> within partitions, <paramref name="combOp"/> across.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TAccumulate">The accumulator type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="zero">The neutral accumulator. It is shared by all keys, so it must be immutable; for a mutable one use the overload taking a factory.</param>
    /// <param name="seqOp">Adds a value to an accumulator.</param>
    /// <param name="combOp">Merges two accumulators.</param>
    /// <param name="partitions">The number of output partitions (see the class remarks for the default).</param>
    public static Rdd<(TKey, TAccumulate)> AggregateByKey<TKey, TValue, TAccumulate>(
        this Rdd<(TKey, TValue)> source, TAccumulate zero, Func<TAccumulate, TValue, TAccumulate> seqOp, Func<TAccumulate, TAccumulate, TAccumulate> combOp, int? partitions = null)
        where TKey : notnull
        => source.AggregateByKey(() => zero, seqOp, combOp, partitions);

    /// <summary>Aggregates the values of each key from a fresh zero value per key and partition.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TAccumulate">The accumulator type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="createZero">Makes a new neutral accumulator; safe for mutable accumulators.</param>
    /// <param name="seqOp">Adds a value to an accumulator.</param>
    /// <param name="combOp">Merges two accumulators.</param>
    /// <param name="partitions">The number of output partitions (see the class remarks for the default).</param>
    public static Rdd<(TKey, TAccumulate)> AggregateByKey<TKey, TValue, TAccumulate>(
        this Rdd<(TKey, TValue)> source, Func<TAccumulate> createZero, Func<TAccumulate, TValue, TAccumulate> seqOp, Func<TAccumulate, TAccumulate, TAccumulate> combOp, int? partitions = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(createZero);
        ArgumentNullException.ThrowIfNull(seqOp);
        ArgumentNullException.ThrowIfNull(combOp);
        return source.CombineByKey(value => seqOp(createZero(), value), seqOp, combOp, ResolvePartitioner(partitions, source), mapSideCombine: true, "aggregateByKey");
    }

    /// <summary>Folds the values of each key from a zero value with one function, within and across partitions.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="zero">The neutral value of <paramref name="fold"/>; must be immutable.</param>
    /// <param name="fold">Merges two values.</param>
    /// <param name="partitions">The number of output partitions (see the class remarks for the default).</param>
    public static Rdd<(TKey, TValue)> FoldByKey<TKey, TValue>(this Rdd<(TKey, TValue)> source, TValue zero, Func<TValue, TValue, TValue> fold, int? partitions = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(fold);
        return source.CombineByKey(value => fold(zero, value), fold, fold, ResolvePartitioner(partitions, source), mapSideCombine: true, "foldByKey");
    }

    /// <summary>How many pairs each key has, as a dictionary on the driver.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    public static Dictionary<TKey, long> CountByKey<TKey, TValue>(this Rdd<(TKey, TValue)> source)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.MapValues(static _ => 1L).ReduceByKey(static (a, b) => a + b).Collect().ToDictionary(pair => pair.Item1, pair => pair.Item2);
    }

    internal static Rdd<(TKey, TCombiner)> CombineByKey<TKey, TValue, TCombiner>(
        this Rdd<(TKey, TValue)> source,
        Func<TValue, TCombiner> createCombiner,
        Func<TCombiner, TValue, TCombiner> mergeValue,
        Func<TCombiner, TCombiner, TCombiner> mergeCombiners,
        Partitioner partitioner,
        bool mapSideCombine,
        string operatorName)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(createCombiner);
        ArgumentNullException.ThrowIfNull(mergeValue);
        ArgumentNullException.ThrowIfNull(mergeCombiners);
        ArgumentNullException.ThrowIfNull(partitioner);
        var aggregator = new Aggregator<TValue, TCombiner>(createCombiner, mergeValue, mergeCombiners);
        if (partitioner.Equals(source.Partitioner))
        {
            // Every key is already in its final partition: aggregate in place, no shuffle.
            return new MapPartitionsRdd<(TKey, TValue), (TKey, TCombiner)>(
                source, operatorName, (_, records, owner) => CombineLocally(records, aggregator, owner), preservesPartitioning: true);
        }

        return new AggregatedRdd<TKey, TValue, TCombiner>(source, partitioner, aggregator, mapSideCombine, operatorName);
    }

    private static IEnumerable<(TKey, TCombiner)> CombineLocally<TKey, TValue, TCombiner>(
        IEnumerable<(TKey, TValue)> records, Aggregator<TValue, TCombiner> aggregator, Rdd owner)
        where TKey : notnull
    {
        var combined = new Dictionary<TKey, TCombiner>();
        try
        {
            foreach (var (key, value) in records)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(combined, key, out var exists);
                slot = exists ? aggregator.MergeValue(slot!, value) : aggregator.CreateCombiner(value);
            }
        }
        catch (Exception e) when (OperatorErrors.Tag(e, owner))
        {
            throw;
        }

        return combined.Select(pair => (pair.Key, pair.Value));
    }
}
