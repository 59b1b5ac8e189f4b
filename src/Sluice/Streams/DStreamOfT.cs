using Sluice.Datasets;

namespace Sluice.Streams;

/// <summary>
/// A discretized stream: a sequence of datasets, one per slide interval, each an <see cref="Rdd{T}"/> of the
/// records of that interval. Transformations build new streams lazily; output operations (Print, ForeachRdd,
/// SaveAsTextFiles) make the context run jobs every batch.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
/// <remarks>
/// Functions given to per-record operations (Map, Filter, …) run in tasks on worker threads. Functions given to
/// Transform and ForeachRdd run on the driver once per batch, and may run actions on the batch's dataset.
/// </remarks>
public abstract partial class DStream<T> : DStream
{
    private readonly Dictionary<DateTimeOffset, Rdd<T>> _generated = [];
    private StorageLevel _storageLevel;

    private protected DStream(StreamingContext context, string kind)
        : base(context, kind)
    {
    }

    /// <summary>Computes the dataset for a batch time on this stream's grid, or <see langword="null"/> when there is none.</summary>
    internal abstract Rdd<T>? Compute(DateTimeOffset time);

    /// <summary>The dataset of <paramref name="time"/>: generated once, then remembered for the remember duration.</summary>
    internal Rdd<T>? GetOrCompute(DateTimeOffset time)
    {
        lock (_generated)
        {
            if (_generated.TryGetValue(time, out var existing))
            {
                return existing;
            }
        }

        if (!IsTimeValid(time))
        {
            return null;
        }

        var rdd = Compute(time);
        if (rdd is null)
        {
            return null;
        }

        if (_storageLevel != StorageLevel.None)
        {
            rdd.Persist(_storageLevel);
        }

        lock (_generated)
        {
            // Another caller (a Slice on a job thread) may have computed the same time first: keep one.
            return _generated.TryAdd(time, rdd) ? rdd : _generated[time];
        }
    }

    internal override void ComputeForBatch(DateTimeOffset time) => GetOrCompute(time);

    internal override void ForgetBatch(DateTimeOffset time)
    {
        Rdd<T>? forgotten = null;
        if (Dependencies.Count > 0)
        {
            lock (_generated)
            {
                _generated.Remove(time, out forgotten);
            }
        }

        if (forgotten is { StorageLevel: not StorageLevel.None })
        {
            forgotten.Unpersist();
        }

        base.ForgetBatch(time);
    }

    internal override void ClearMetadata(DateTimeOffset time)
    {
        List<Rdd<T>> forgotten = [];
        lock (_generated)
        {
            foreach (var (batchTime, rdd) in _generated)
            {
                if (batchTime <= time - RememberDuration)
                {
                    forgotten.Add(rdd);
                    _generated.Remove(batchTime);
                }
            }
        }

        // Shuffle outputs of forgotten datasets are released when the datasets are collected (ShuffleDependency's
        // finalizer), because a newer dataset may still read them; cached blocks this stream asked for go now.
        foreach (var rdd in forgotten)
        {
            if (rdd.StorageLevel != StorageLevel.None)
            {
                rdd.Unpersist();
            }

            OnForgotten(rdd);
        }
    }

    /// <summary>The stream's storage level, set by <see cref="Persist"/>.</summary>
    internal StorageLevel StorageLevel => _storageLevel;

    /// <summary>
    /// The datasets of every time on this stream's grid in (<paramref name="after"/>, <paramref name="upTo"/>],
    /// computed if needed: what a window over this stream reads.
    /// </summary>
    internal List<Rdd<T>> ComputeRange(DateTimeOffset after, DateTimeOffset upTo)
    {
        var rdds = new List<Rdd<T>>();
        if (ZeroTime is not { } zero)
        {
            return rdds;
        }

        var slide = SlideDuration.Ticks;
        var first = zero.AddTicks((Math.Max(0, (after - zero).Ticks) / slide * slide) + slide);
        for (var time = first; time <= upTo; time += SlideDuration)
        {
            if (GetOrCompute(time) is { } rdd)
            {
                rdds.Add(rdd);
            }
        }

        return rdds;
    }

    /// <summary>Releases what a forgotten dataset held outside the lineage (received blocks, for input streams).</summary>
    private protected virtual void OnForgotten(Rdd<T> rdd)
    {
    }

    /// <summary>Names the operator, pinning its identity for metrics, the UI and checkpoints.</summary>
    /// <param name="name">A name unique within the context, such as <c>counts</c>.</param>
    /// <returns>This stream.</returns>
    /// <exception cref="ArgumentException">Another operator of the context already has the name.</exception>
    public DStream<T> Name(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Context.ThrowIfNotBuildable();
        GiveName(name);
        return this;
    }

    internal override string RecordTypeName => typeof(T).ToString();

    /// <summary>
    /// Sets how often this stream's state is saved to the checkpoint directory (stateful operators; Spark's
    /// <c>checkpoint(interval)</c>). The default is the smallest multiple of the slide that is at least 10 s.
    /// </summary>
    /// <param name="interval">A multiple of the slide duration.</param>
    /// <returns>This stream.</returns>
    /// <exception cref="ArgumentException">The interval is not a positive multiple of the slide duration.</exception>
    public DStream<T> Checkpoint(TimeSpan interval)
    {
        Context.ThrowIfNotBuildable();
        if (interval < SlideDuration || interval.Ticks % SlideDuration.Ticks != 0)
        {
            throw new ArgumentException(
                $"The checkpoint interval {interval} of {Identity} must be a multiple of its slide duration {SlideDuration} (and at least one slide).", nameof(interval));
        }

        CheckpointIntervalGiven = interval;
        return this;
    }

    /// <summary>Keeps every dataset of the stream in memory once computed, as <see cref="Persist"/> with <see cref="StorageLevel.MemoryOnly"/>.</summary>
    /// <returns>This stream.</returns>
    public DStream<T> Cache() => Persist(StorageLevel.MemoryOnly);

    /// <summary>Sets how each dataset of the stream is kept once computed, for streams read by several operations.</summary>
    /// <param name="level">The storage level.</param>
    /// <returns>This stream.</returns>
    public DStream<T> Persist(StorageLevel level)
    {
        if (!Enum.IsDefined(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown storage level.");
        }

        Context.ThrowIfNotBuildable();
        _storageLevel = level;
        return this;
    }

    /// <summary>
    /// The datasets of the batches from <paramref name="from"/> to <paramref name="to"/>, both included, that the
    /// stream still remembers (see <see cref="StreamingContext.Remember"/>). Batches not generated yet, or already
    /// forgotten, are left out rather than computed, so a slice never consumes input ahead of its batch.
    /// </summary>
    /// <param name="from">The first batch time; must be on this stream's slide grid.</param>
    /// <param name="to">The last batch time; must be on this stream's slide grid.</param>
    /// <exception cref="InvalidOperationException">The context has not started.</exception>
    /// <exception cref="ArgumentException">A time is not on the grid.</exception>
    public IReadOnlyList<Rdd<T>> Slice(DateTimeOffset from, DateTimeOffset to)
    {
        if (ZeroTime is not { } zero)
        {
            throw new InvalidOperationException($"{Identity} has not been initialized: Slice can only be called after the context has started.");
        }

        CheckOnGrid(from, zero, nameof(from));
        CheckOnGrid(to, zero, nameof(to));
        lock (_generated)
        {
            return [.. _generated.Where(pair => pair.Key >= from && pair.Key <= to).OrderBy(pair => pair.Key).Select(pair => pair.Value)];
        }
    }

    private void CheckOnGrid(DateTimeOffset time, DateTimeOffset zero, string parameter)
    {
        if ((time - zero).Ticks % SlideDuration.Ticks != 0)
        {
            throw new ArgumentException(
                $"Time {time:O} is not a multiple of the slide duration {SlideDuration} from the zero time {zero:O} of {Identity}.", parameter);
        }
    }
}
