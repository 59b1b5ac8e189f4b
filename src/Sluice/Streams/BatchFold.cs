namespace Sluice.Streams;

/// <summary>
/// A value folded from every batch of a stream on the driver, such as a model trained batch by batch: made by
/// <see cref="DStream{T}.FoldBatches"/>. It is saved with every checkpoint and restored by
/// <see cref="StreamingContext.GetOrCreate(string, Func{StreamingContext}, bool)"/>, so a restarted application goes on
/// from the value the checkpoint's batch left, and the batches run again fold into it once each.
/// </summary>
/// <typeparam name="TState">The value's type.</typeparam>
public sealed class BatchFold<TState>
{
    private readonly Lock _gate = new();
    private (TState Value, DateTimeOffset? Time) _latest;

    internal BatchFold(TState initial) => _latest = (initial, null);

    /// <summary>The value after the latest batch folded (or restored from a checkpoint); the initial value before any.</summary>
    public TState Value
    {
        get
        {
            lock (_gate)
            {
                return _latest.Value;
            }
        }
    }

    /// <summary>The batch <see cref="Value"/> is as of; <see langword="null"/> while it is the initial value.</summary>
    public DateTimeOffset? BatchTime
    {
        get
        {
            lock (_gate)
            {
                return _latest.Time;
            }
        }
    }

    internal (TState Value, DateTimeOffset? Time) Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    internal void Set(TState value, DateTimeOffset time)
    {
        lock (_gate)
        {
            _latest = (value, time);
        }
    }
}
