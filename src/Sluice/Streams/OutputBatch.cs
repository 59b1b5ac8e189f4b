using Sluice.Checkpointing;

namespace Sluice.Streams;

/// <summary>
/// The batch an output operation writes: its time, and what every replayable input read for it. An output that
/// commits the batch's records together with <see cref="Sources"/> (in one transaction, or one atomic rename), and
/// skips a batch it finds committed, writes each batch exactly once, however often a recovery runs it again.
/// </summary>
public sealed class OutputBatch
{
    private readonly Lazy<IReadOnlyList<SourcePosition>> _sources;

    internal OutputBatch(DateTimeOffset time, Func<IReadOnlyList<SourcePosition>> sources)
    {
        Time = time;
        _sources = new(sources);
    }

    /// <summary>The batch time: the same every time the batch runs, so a key for an idempotent write.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>
    /// What each replayable input (file, receiver with the write-ahead log, Kafka and custom direct streams) read for this batch, as
    /// recorded in the checkpoint; empty for inputs that cannot be read again (queue streams).
    /// </summary>
    public IReadOnlyList<SourcePosition> Sources => _sources.Value;
}
