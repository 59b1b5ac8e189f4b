using Sluice.Datasets.Operators;

namespace Sluice.Datasets;

public abstract partial class Rdd<T>
{
    /// <summary>Applies <paramref name="map"/> to every record.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="map">Runs in tasks; must not touch shared mutable state.</param>
    public Rdd<TResult> Map<TResult>(Func<T, TResult> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new MapPartitionsRdd<T, TResult>(
            this, "map", (_, records, owner) => new MapEnumerator<T, TResult>(records, map, owner), wrapSink: next => new MapSink<T, TResult>(next, map));
    }

    /// <summary>Replaces every record by the records <paramref name="flatMap"/> returns for it.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="flatMap">Returns zero or more records per input record; never <see langword="null"/>.</param>
    public Rdd<TResult> FlatMap<TResult>(Func<T, IEnumerable<TResult>> flatMap)
    {
        ArgumentNullException.ThrowIfNull(flatMap);
        return new MapPartitionsRdd<T, TResult>(
            this, "flatMap", (_, records, owner) => new FlatMapEnumerator<T, TResult>(records, flatMap, owner), wrapSink: next => new FlatMapSink<T, TResult>(next, flatMap));
    }

    /// <summary>Keeps the records that satisfy <paramref name="predicate"/>.</summary>
    /// <param name="predicate">The test each kept record passes.</param>
    public Rdd<T> Filter(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new MapPartitionsRdd<T, T>(
            this,
            "filter",
            (_, records, owner) => new FilterEnumerator<T>(records, predicate, owner),
            preservesPartitioning: true,
            wrapSink: next => new FilterSink<T>(next, predicate));
    }

    /// <summary>Transforms each partition as a whole.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="transform">Receives the records of one partition (enumerate them once) and returns the new records.</param>
    /// <param name="preservesPartitioning">True when keys stay where they were, so the partitioner still holds.</param>
    public Rdd<TResult> MapPartitions<TResult>(Func<IEnumerable<T>, IEnumerable<TResult>> transform, bool preservesPartitioning = false)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return MapPartitionsWithIndex((_, records) => transform(records), preservesPartitioning);
    }

    /// <summary>Transforms each partition as a whole, knowing its index.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="transform">Receives the partition index and its records, and returns the new records.</param>
    /// <param name="preservesPartitioning">True when keys stay where they were, so the partitioner still holds.</param>
    public Rdd<TResult> MapPartitionsWithIndex<TResult>(Func<int, IEnumerable<T>, IEnumerable<TResult>> transform, bool preservesPartitioning = false)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return new MapPartitionsRdd<T, TResult>(
            this,
            "mapPartitions",
            (index, records, owner) => new TaggedEnumerable<TResult>(
                transform(index, records) ?? throw new InvalidOperationException("The mapPartitions function returned null; return an empty sequence instead."),
                owner),
            preservesPartitioning);
    }

    /// <summary>Turns each partition into a single array record.</summary>
    public Rdd<T[]> Glom() => new MapPartitionsRdd<T, T[]>(this, "glom", (_, records, _) => [records.ToArray()]);

    /// <summary>The records of this dataset and those of <paramref name="other"/>; no shuffle, no deduplication. Datasets partitioned alike keep their partitioning.</summary>
    /// <param name="other">A dataset of the same context.</param>
    public Rdd<T> Union(Rdd<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Context.Union(this, other);
    }

    /// <summary>Pairs every record with the key <paramref name="keySelector"/> gives it.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="keySelector">Computes a record's key.</param>
    public Rdd<(TKey, T)> KeyBy<TKey>(Func<T, TKey> keySelector)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        return Map(record => (keySelector(record), record));
    }

    /// <summary>A random sample of the records, reproducible for a given seed.</summary>
    /// <param name="withReplacement">True to allow a record more than once (Poisson sampling); false for Bernoulli sampling.</param>
    /// <param name="fraction">Without replacement, the probability each record is kept (0 to 1); with, the expected number of copies (≥ 0).</param>
    /// <param name="seed">The seed; a random one when omitted.</param>
    public Rdd<T> Sample(bool withReplacement, double fraction, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        if (!withReplacement)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1.0);
        }

        var baseSeed = seed ?? Random.Shared.Next();
        return new MapPartitionsRdd<T, T>(
            this, "sample", (index, records, _) => Sampler.Sample(records, withReplacement, fraction, HashCode.Combine(baseSeed, index)), preservesPartitioning: true);
    }

    /// <summary>Fewer partitions: without a shuffle, neighbouring partitions are concatenated; with one, records are spread evenly.</summary>
    /// <param name="partitions">The target count; without a shuffle it cannot grow.</param>
    /// <param name="shuffle">True to redistribute records evenly (and allow more partitions).</param>
    public Rdd<T> Coalesce(int partitions, bool shuffle = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        if (!shuffle)
        {
            return new CoalescedRdd<T>(this, partitions);
        }

        // Round-robin keys from a per-partition start, as Spark, so each target partition gets a fair share.
        var keyed = MapPartitionsWithIndex((index, records) => RoundRobin(records, index, partitions));
        return new ShuffledRdd<int, T>(keyed, new HashPartitioner(partitions), "repartition").Values();
    }

    /// <summary>Exactly <paramref name="partitions"/> partitions with the records spread evenly, through a shuffle.</summary>
    /// <param name="partitions">At least 1.</param>
    public Rdd<T> Repartition(int partitions) => Coalesce(partitions, shuffle: true);

    /// <summary>Pairs each record with its position: partition order, then order within the partition.</summary>
    /// <remarks>Runs a job to count the records of every partition but the last, as Spark.</remarks>
    public Rdd<(T, long)> ZipWithIndex()
    {
        var starts = new long[PartitionCount];
        if (PartitionCount > 1)
        {
            var counts = RunJob("zipWithIndex", (_, records) => records.LongCount(), [.. Enumerable.Range(0, PartitionCount - 1)]);
            for (var i = 1; i < starts.Length; i++)
            {
                starts[i] = starts[i - 1] + counts[i - 1];
            }
        }

        return new MapPartitionsRdd<T, (T, long)>(this, "zipWithIndex", (index, records, _) => records.Select((record, i) => (record, starts[index] + i)));
    }

    /// <summary>Sorts the records by a key, through a range-partitioned shuffle: partition order is sort order.</summary>
    /// <typeparam name="TKey">The sort key type.</typeparam>
    /// <param name="keySelector">Computes the sort key.</param>
    /// <param name="ascending">False for descending order.</param>
    /// <param name="partitions">The number of output partitions; this dataset's count when omitted.</param>
    /// <param name="comparer">The key order; <see cref="Comparer{T}.Default"/> when omitted.</param>
    public Rdd<T> SortBy<TKey>(Func<T, TKey> keySelector, bool ascending = true, int? partitions = null, IComparer<TKey>? comparer = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        return KeyBy(keySelector).SortByKey(ascending, partitions, comparer).Values();
    }

    private static IEnumerable<(int, T)> RoundRobin(IEnumerable<T> records, int partition, int targets)
    {
        var position = new Random(partition).Next(targets);
        foreach (var record in records)
        {
            yield return (position, record);
            position = position + 1 == targets ? 0 : position + 1;
        }
    }
}
