using Sluice.Datasets;
using Sluice.Streams.Operators;

namespace Sluice.Streams;

public static partial class PairDStreamExtensions
{
    /// <summary>The values of each key over each window, from each batch's groups.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="window">The window length; a multiple of the source's slide duration.</param>
    /// <param name="slide">How often a window ends; a multiple of the source's slide duration.</param>
    /// <param name="partitions">The number of partitions; the default parallelism when omitted.</param>
    public static DStream<(TKey, IReadOnlyList<TValue>)> GroupByKeyAndWindow<TKey, TValue>(
        this DStream<(TKey, TValue)> source, TimeSpan window, TimeSpan slide, int? partitions = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        WindowChecks.Require(source, window, slide, "groupByKeyAndWindow");
        // Hash partitioners of equal counts partition alike, so the window's union keeps the batches' partitioning
        // and the final combine needs no shuffle.
        var count = StatePartitioner(source, partitions).PartitionCount;
        return source.GroupByKey(count)
            .Window(window, slide)
            .CombineByKey<TKey, IReadOnlyList<TValue>, IReadOnlyList<TValue>>(
                static values => values,
                static (all, values) => [.. all, .. values],
                static (a, b) => [.. a, .. b],
                count);
    }

    /// <summary>Merges the values of each key over each window, from each batch's reduction (recomputed per window).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="reduce">An associative, commutative function.</param>
    /// <param name="window">The window length; a multiple of the source's slide duration.</param>
    /// <param name="slide">How often a window ends; the source's slide duration when omitted.</param>
    /// <param name="partitions">The number of partitions; the default parallelism when omitted.</param>
    public static DStream<(TKey, TValue)> ReduceByKeyAndWindow<TKey, TValue>(
        this DStream<(TKey, TValue)> source, Func<TValue, TValue, TValue> reduce, TimeSpan window, TimeSpan? slide = null, int? partitions = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reduce);
        var every = slide ?? source.SlideDuration;
        WindowChecks.Require(source, window, every, "reduceByKeyAndWindow");
        var partitioner = StatePartitioner(source, partitions);
        return source.ReduceByKey(reduce, partitioner).Window(window, every).ReduceByKey(reduce, partitioner);
    }

    /// <summary>
    /// Merges the values of each key over each window incrementally: the previous window's value, plus the batches
    /// entering (<paramref name="reduce"/>), minus the batches leaving (<paramref name="inverse"/>), so a long window
    /// costs what its slide brings in and out. Needs a checkpoint directory.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="reduce">An associative, commutative function.</param>
    /// <param name="inverse">Undoes <paramref name="reduce"/>: <c>inverse(reduce(a, b), b) == a</c>.</param>
    /// <param name="window">The window length; a multiple of the source's slide duration.</param>
    /// <param name="slide">How often a window ends; a multiple of the source's slide duration.</param>
    /// <param name="partitions">The number of partitions; the default parallelism when omitted.</param>
    /// <param name="filter">Keeps a key in the window when true; for example drop keys whose count fell to zero.</param>
    public static DStream<(TKey, TValue)> ReduceByKeyAndWindow<TKey, TValue>(
        this DStream<(TKey, TValue)> source,
        Func<TValue, TValue, TValue> reduce,
        Func<TValue, TValue, TValue> inverse,
        TimeSpan window,
        TimeSpan slide,
        int? partitions = null,
        Func<(TKey Key, TValue Value), bool>? filter = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.ReduceByKeyAndWindow(reduce, inverse, window, slide, StatePartitioner(source, partitions), filter);
    }

    /// <summary>ReduceByKeyAndWindow with an inverse function, into the given partitioning.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The pairs.</param>
    /// <param name="reduce">An associative, commutative function.</param>
    /// <param name="inverse">Undoes <paramref name="reduce"/>: <c>inverse(reduce(a, b), b) == a</c>.</param>
    /// <param name="window">The window length; a multiple of the source's slide duration.</param>
    /// <param name="slide">How often a window ends; a multiple of the source's slide duration.</param>
    /// <param name="partitioner">Where each key's window value lives.</param>
    /// <param name="filter">Keeps a key in the window when true.</param>
    public static DStream<(TKey, TValue)> ReduceByKeyAndWindow<TKey, TValue>(
        this DStream<(TKey, TValue)> source,
        Func<TValue, TValue, TValue> reduce,
        Func<TValue, TValue, TValue> inverse,
        TimeSpan window,
        TimeSpan slide,
        Partitioner partitioner,
        Func<(TKey Key, TValue Value), bool>? filter = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reduce);
        ArgumentNullException.ThrowIfNull(inverse);
        ArgumentNullException.ThrowIfNull(partitioner);
        WindowChecks.Require(source, window, slide, "reduceByKeyAndWindow");
        return new ReducedWindowedDStream<TKey, TValue>(source.ReduceByKey(reduce, partitioner), window, slide, partitioner, reduce, inverse, filter);
    }

    /// <summary>The counts of each distinct record over each window, computed incrementally; keys whose count falls to zero leave. Needs a checkpoint directory.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="source">The records.</param>
    /// <param name="window">The window length; a multiple of the source's slide duration.</param>
    /// <param name="slide">How often a window ends; a multiple of the source's slide duration.</param>
    /// <param name="partitions">The number of partitions; the default parallelism when omitted.</param>
    public static DStream<(T, long)> CountByValueAndWindow<T>(this DStream<T> source, TimeSpan window, TimeSpan slide, int? partitions = null)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Map(static record => (record, 1L))
            .ReduceByKeyAndWindow(static (a, b) => a + b, static (a, b) => a - b, window, slide, partitions, static pair => pair.Value != 0);
    }

    /// <summary>The partitioning of a windowed or stateful operator: every batch's data must land alike.</summary>
    private static HashPartitioner StatePartitioner(DStream source, int? partitions)
    {
        PositiveOrNull(partitions);
        return new HashPartitioner(partitions ?? source.Context.SluiceContext.DefaultParallelism);
    }
}
