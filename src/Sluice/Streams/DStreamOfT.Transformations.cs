using Sluice.Datasets;
using Sluice.Streams.Operators;

namespace Sluice.Streams;

public abstract partial class DStream<T>
{
    /// <summary>Applies <paramref name="map"/> to every record of every batch.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="map">Runs in tasks; must not touch shared mutable state.</param>
    public DStream<TResult> Map<TResult>(Func<T, TResult> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new TransformedDStream<T, TResult>(this, "map", (rdd, _) => rdd.Map(map));
    }

    /// <summary>Replaces every record by the records <paramref name="flatMap"/> returns for it.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="flatMap">Returns zero or more records per input record; never <see langword="null"/>.</param>
    public DStream<TResult> FlatMap<TResult>(Func<T, IEnumerable<TResult>> flatMap)
    {
        ArgumentNullException.ThrowIfNull(flatMap);
        return new TransformedDStream<T, TResult>(this, "flatMap", (rdd, _) => rdd.FlatMap(flatMap));
    }

    /// <summary>Keeps the records that satisfy <paramref name="predicate"/>.</summary>
    /// <param name="predicate">The test each kept record passes.</param>
    public DStream<T> Filter(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new TransformedDStream<T, T>(this, "filter", (rdd, _) => rdd.Filter(predicate));
    }

    /// <summary>Transforms each partition of each batch as a whole.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="transform">Receives one partition's records and returns the new records.</param>
    /// <param name="preservesPartitioning">True when keys stay where they were.</param>
    public DStream<TResult> MapPartitions<TResult>(Func<IEnumerable<T>, IEnumerable<TResult>> transform, bool preservesPartitioning = false)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return new TransformedDStream<T, TResult>(this, "mapPartitions", (rdd, _) => rdd.MapPartitions(transform, preservesPartitioning));
    }

    /// <summary>Turns each partition of each batch into one array record.</summary>
    public DStream<T[]> Glom() => new TransformedDStream<T, T[]>(this, "glom", (rdd, _) => rdd.Glom());

    /// <summary>Spreads each batch evenly over <paramref name="partitions"/> partitions, through a shuffle.</summary>
    /// <param name="partitions">At least 1.</param>
    public DStream<T> Repartition(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        return new TransformedDStream<T, T>(this, "repartition", (rdd, _) => rdd.Repartition(partitions));
    }

    /// <summary>The records of this stream and <paramref name="other"/>, batch by batch.</summary>
    /// <param name="other">A stream of the same context with the same slide duration.</param>
    /// <exception cref="ArgumentException">The slide durations differ.</exception>
    public DStream<T> Union(DStream<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new UnionDStream<T>(Context, [this, other]);
    }

    /// <summary>One record per batch: the number of records in it (0 for an empty batch).</summary>
    public DStream<long> Count()
        => new TransformedDStream<T, long>(this, "count", (rdd, _) =>
            rdd.Map(static _ => ((byte)0, 1L))
                .Union(Context.SluiceContext.Parallelize([((byte)0, 0L)], 1))
                .ReduceByKey(static (a, b) => a + b, 1)
                .Values());

    /// <summary>At most one record per batch: all records combined by <paramref name="reduce"/>; nothing for an empty batch.</summary>
    /// <param name="reduce">An associative, commutative function.</param>
    public DStream<T> Reduce(Func<T, T, T> reduce)
    {
        ArgumentNullException.ThrowIfNull(reduce);
        return new TransformedDStream<T, T>(this, "reduce", (rdd, _) => rdd.Map(static record => ((byte)0, record)).ReduceByKey(reduce, 1).Values());
    }

    /// <summary>Applies a dataset-to-dataset function to every batch: the way to use any dataset operation on a stream.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="transform">Runs on the driver once per batch; may run actions.</param>
    public DStream<TResult> Transform<TResult>(Func<Rdd<T>, Rdd<TResult>> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return new TransformedDStream<T, TResult>(this, "transform", (rdd, _) => transform(rdd));
    }

    /// <summary>Applies a dataset-to-dataset function, given the batch time, to every batch.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="transform">Runs on the driver once per batch with the batch time; may run actions.</param>
    public DStream<TResult> Transform<TResult>(Func<Rdd<T>, DateTimeOffset, Rdd<TResult>> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return new TransformedDStream<T, TResult>(this, "transform", transform);
    }

    /// <summary>Combines each batch of this stream with the same batch of <paramref name="other"/>.</summary>
    /// <typeparam name="TOther">The other stream's record type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="other">A stream with the same slide duration.</param>
    /// <param name="transform">Runs on the driver once per batch.</param>
    public DStream<TResult> TransformWith<TOther, TResult>(DStream<TOther> other, Func<Rdd<T>, Rdd<TOther>, Rdd<TResult>> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return TransformWith(other, (left, right, _) => transform(left, right));
    }

    /// <summary>Combines each batch of this stream with the same batch of <paramref name="other"/>, given the batch time.</summary>
    /// <typeparam name="TOther">The other stream's record type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="other">A stream with the same slide duration.</param>
    /// <param name="transform">Runs on the driver once per batch with the batch time.</param>
    public DStream<TResult> TransformWith<TOther, TResult>(DStream<TOther> other, Func<Rdd<T>, Rdd<TOther>, DateTimeOffset, Rdd<TResult>> transform)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(transform);
        return new TransformedWithDStream<T, TOther, TResult>(this, other, "transformWith", transform);
    }
}
