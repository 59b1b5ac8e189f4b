using Sluice.Streams.Operators;

namespace Sluice.Streams;

public abstract partial class DStream<T>
{
    /// <summary>Every record of the last <paramref name="window"/>, once per batch (the slide is this stream's).</summary>
    /// <param name="window">The window length; a multiple of this stream's slide duration.</param>
    /// <exception cref="ArgumentException">The window is not a multiple of the slide duration.</exception>
    public DStream<T> Window(TimeSpan window) => Window(window, SlideDuration);

    /// <summary>Every record of the last <paramref name="window"/>, every <paramref name="slide"/>.</summary>
    /// <param name="window">The window length; a multiple of this stream's slide duration.</param>
    /// <param name="slide">How often a window ends; a multiple of this stream's slide duration.</param>
    /// <exception cref="ArgumentException">A duration is not a multiple of this stream's slide duration.</exception>
    public DStream<T> Window(TimeSpan window, TimeSpan slide)
    {
        WindowChecks.Require(this, window, slide, "window");
        return new WindowedDStream<T>(this, window, slide);
    }

    /// <summary>The number of records in each window, computed incrementally (needs a checkpoint directory, as in Spark).</summary>
    /// <param name="window">The window length; a multiple of this stream's slide duration.</param>
    /// <param name="slide">How often a window ends; a multiple of this stream's slide duration.</param>
    public DStream<long> CountByWindow(TimeSpan window, TimeSpan slide)
        => Map(static _ => 1L).ReduceByWindow(static (a, b) => a + b, static (a, b) => a - b, window, slide);

    /// <summary>One record per window: the reduction of the window's records, from each batch's reduction.</summary>
    /// <param name="reduce">An associative, commutative function.</param>
    /// <param name="window">The window length; a multiple of this stream's slide duration.</param>
    /// <param name="slide">How often a window ends; a multiple of this stream's slide duration.</param>
    public DStream<T> ReduceByWindow(Func<T, T, T> reduce, TimeSpan window, TimeSpan slide)
    {
        ArgumentNullException.ThrowIfNull(reduce);
        WindowChecks.Require(this, window, slide, "reduceByWindow");
        return Reduce(reduce).Window(window, slide).Reduce(reduce);
    }

    /// <summary>
    /// One record per window, computed incrementally: the previous window's value, plus the batches entering
    /// (<paramref name="reduce"/>), minus the batches leaving (<paramref name="inverse"/>). Needs a checkpoint directory.
    /// </summary>
    /// <param name="reduce">An associative, commutative function.</param>
    /// <param name="inverse">Undoes <paramref name="reduce"/>: <c>inverse(reduce(a, b), b) == a</c>.</param>
    /// <param name="window">The window length; a multiple of this stream's slide duration.</param>
    /// <param name="slide">How often a window ends; a multiple of this stream's slide duration.</param>
    public DStream<T> ReduceByWindow(Func<T, T, T> reduce, Func<T, T, T> inverse, TimeSpan window, TimeSpan slide)
    {
        ArgumentNullException.ThrowIfNull(reduce);
        ArgumentNullException.ThrowIfNull(inverse);
        DStream<(byte, T)> keyed = Map(static record => ((byte)0, record));
        var windowed = keyed.ReduceByKeyAndWindow(reduce, inverse, window, slide, partitions: 1);
        return windowed.Map<T>(static pair => pair.Item2);
    }
}
