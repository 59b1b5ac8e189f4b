using System.Text.Json;
using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.RateControl;
using Sluice.Streams;

namespace Sluice.Sources;

/// <summary>
/// The base of a replayable input stream without a receiver, as Spark's Kafka direct stream: for each batch,
/// <see cref="Plan"/> decides on the driver what the batch reads, as typed positions (an offset range, a byte range
/// of a file, a sequence range), one partition each; <see cref="Read"/> reads one position inside a task. The
/// positions are recorded in checkpoints as JSON, so after a crash a batch runs again on exactly what it read before
/// (<c>GetOrCreate</c> gives them back through <see cref="Restore"/>); outputs see them with the batch
/// (<see cref="OutputBatch.Sources"/>), and <c>checkpoint inspect</c> counts them.
/// </summary>
/// <typeparam name="T">The records.</typeparam>
/// <typeparam name="TPosition">
/// What one partition of a batch reads: immutable data that System.Text.Json writes and reads back (a record of
/// strings and numbers), and that means the same records whenever it is read.
/// </typeparam>
public abstract class DirectInputDStream<T, TPosition> : DStream<T>, IReplayableInput
{
    private readonly RecordedPositions<TPosition> _recorded;
    private double _rate = double.NaN; // back-pressure's latest rate, set on the listener thread; NaN until there is one
    private bool _bounded; // RecordsAllowed bounded a batch before: the next is not the first

    /// <summary>Registers the stream with the context as one of its inputs.</summary>
    /// <param name="context">The context.</param>
    /// <param name="kind">The operator kind (such as <c>kafkaDirectStream</c>), in the identity, the UI and checkpoints.</param>
    /// <param name="positionJson">How positions are written to checkpoints and read back; System.Text.Json's defaults when omitted.</param>
#pragma warning disable RS0022 // Deliberate: this is how a source outside the engine becomes a DStream (it may report input errors).
    protected DirectInputDStream(StreamingContext context, string kind, JsonSerializerOptions? positionJson = null)
#pragma warning restore RS0022
        : base(context, kind)
    {
        _recorded = new RecordedPositions<TPosition>(this, positionJson ?? JsonSerializerOptions.Default);
        context.Graph.AddInput(this);
        context.RegisterForDispose(new StopCallback(OnStop));
        if (context.Options.BackpressureEnabled)
        {
            context.AddStreamingListener(new RateController(Id, new PidRateEstimator(context.BatchInterval, context.Options.Backpressure), rate => Volatile.Write(ref _rate, rate)));
        }
    }

    /// <inheritdoc/>
    public override TimeSpan SlideDuration => Context.BatchInterval;

    /// <summary>
    /// Back-pressure's estimate of the records per second this stream's batches are processed at, to bound what
    /// <see cref="Plan"/> takes; <see langword="null"/> when back-pressure is off or has no estimate yet (it needs two
    /// completed batches: use <see cref="StreamingContextOptions.BackpressureInitialRate"/> until then).
    /// </summary>
    protected double? EstimatedRate => Volatile.Read(ref _rate) is var rate && !double.IsNaN(rate) ? rate : null;

    internal override IReadOnlyList<DStream> Dependencies => [];

    /// <summary>
    /// The most records the batch being planned may take, as Kafka's direct stream bounds its batches: the first
    /// batch at most <paramref name="maxRecordsFirstBatch"/> (or the initial back-pressure rate's worth, so that a
    /// backlog waiting at the start does not come as one huge batch); later ones at most back-pressure's estimate,
    /// when it is on; every batch at most <paramref name="maxRatePerSecond"/>'s worth. Call it from <see cref="Plan"/>,
    /// once per batch that has records to read: the first call bounds the first batch.
    /// </summary>
    /// <param name="maxRatePerSecond">A rate limit in records per second; none when null.</param>
    /// <param name="maxRecordsFirstBatch">The first batch's bound; the initial back-pressure rate times the interval when null.</param>
    /// <returns>The bound, at least 1; null when nothing bounds the batch.</returns>
    protected long? RecordsAllowed(double? maxRatePerSecond = null, long? maxRecordsFirstBatch = null)
    {
        long? limit = maxRatePerSecond is { } rate ? RecordsPerBatch(rate) : null;
        var first = !_bounded;
        _bounded = true;
        long? pressure = first ? maxRecordsFirstBatch ?? RecordsPerBatch(Context.Options.BackpressureInitialRate)
            : Context.Options.BackpressureEnabled ? RecordsPerBatch(EstimatedRate ?? Context.Options.BackpressureInitialRate)
            : null;
        return limit is null ? pressure : pressure is null ? limit : Math.Min(limit.Value, pressure.Value);
    }

    /// <summary>
    /// Decides what the batch at <paramref name="batchTime"/> reads, on the driver's batch thread, once per batch
    /// (never for a batch run again after a recovery: that one reads its recorded positions). Advance your own
    /// "next position" here.
    /// </summary>
    /// <param name="batchTime">The batch.</param>
    /// <returns>The positions, one partition each; empty for an empty batch.</returns>
    protected abstract IReadOnlyList<TPosition> Plan(DateTimeOffset batchTime);

    /// <summary>
    /// Reads the records of one position, inside a task on a worker thread. It may run more than once for the same
    /// position (a retried task, or two outputs reading a batch that is not cached) and must give the same records.
    /// </summary>
    /// <param name="position">What to read.</param>
    /// <param name="attempt">0 for a task's first attempt, then 1, 2, … for retries (a reader kept between tasks is not to be trusted on a retry).</param>
    /// <param name="cancellationToken">Cancelled when the job is (another task failed for good, or the context stops).</param>
    protected abstract IEnumerable<T> Read(TPosition position, int attempt, CancellationToken cancellationToken);

    /// <summary>
    /// Reads positions in place of <see cref="Read"/>, on every master, when not null: what lets the stream run on
    /// executor processes (cluster masters), whose tasks cannot call back into this stream, which lives on the
    /// driver. Without one (the default), the stream's tasks fail on executor processes, saying so.
    /// </summary>
    protected virtual IPositionReader<T, TPosition>? PositionReader => null;

    /// <summary>
    /// Where a position reads from, by name (a topic-partition): on executor processes, positions of the same name are
    /// read on the same executor batch after batch, so that what <see cref="PositionReader"/> keeps open there stays
    /// warm. <see langword="null"/> (the default): on any executor.
    /// </summary>
    /// <param name="position">A planned position.</param>
    protected virtual string? PlacementOf(TPosition position) => null;

    /// <summary>
    /// After a recovery, before the first batch: the positions every batch recorded in the checkpoint read, oldest
    /// first. Continue planning after them. Those batches that run again read their positions on their own.
    /// </summary>
    /// <param name="batches">The recorded batches and what each read.</param>
    protected virtual void Restore(IReadOnlyList<(DateTimeOffset BatchTime, IReadOnlyList<TPosition> Positions)> batches)
    {
    }

    /// <summary>How many records a position holds, when that is known before reading it; otherwise <see langword="null"/>, and the records are counted as they are read.</summary>
    /// <param name="position">A planned position.</param>
    protected virtual long? RecordsIn(TPosition position) => null;

    /// <summary>A position as people read it, in the web UI's batch details.</summary>
    /// <param name="position">A planned position.</param>
    protected virtual string Describe(TPosition position) => position?.ToString() ?? "";

    /// <summary>
    /// With a checkpoint, once a checkpoint is durable that records the positions of every batch up to
    /// <paramref name="batchTime"/>, on the checkpoint writer's thread: a recovery reads those batches from the
    /// checkpoint, never from where the source says a reader is. Acknowledge them to the source (commit offsets,
    /// delete what was read) only from here, or a crash before the checkpoint loses what the source no longer gives.
    /// Never called without a checkpoint; keep it short (set a field, queue the work).
    /// </summary>
    /// <param name="batchTime">The checkpointed batch.</param>
    protected virtual void OnCheckpointed(DateTimeOffset batchTime)
    {
    }

    /// <summary>Called once when the context stops, after the last batch is generated: close what the stream holds open.</summary>
    protected virtual void OnStop()
    {
    }

    IReadOnlyList<SourcePosition> IReplayableInput.Positions() => _recorded.ToList();

    SourcePosition? IReplayableInput.PositionOf(DateTimeOffset time) => _recorded.Of(time);

    void IReplayableInput.Checkpointed(DateTimeOffset time) => OnCheckpointed(time);

    void IReplayableInput.RestorePositions(IReadOnlyList<SourcePosition> positions, InputRecovery recovery)
        => Restore([.. _recorded.Restore(positions).Select(batch => (batch.Time, (IReadOnlyList<TPosition>)batch.Positions))]);

    internal override Rdd<T>? Compute(DateTimeOffset time)
    {
        var positions = _recorded.Replayed(time); // a batch run again after a recovery reads what it read before
        if (positions is null)
        {
            positions = [.. Plan(time) ?? throw new InvalidOperationException($"{Identity}: Plan returned null for batch {time:O}; return an empty list for an empty batch.")];
            _recorded.Record(time, positions, _recorded.ReplayHorizon);
        }

        var batch = new DirectBatchRdd<T, TPosition>(
            Context.SluiceContext,
            Kind,
            positions,
            PositionReader is { } reader ? reader.Read : Read,
            [.. positions.Select(position => PlacementOf(position) is { } place ? new PartitionKey($"{Identity}/{place}", 0) : (PartitionKey?)null)]);
        var counts = positions.Select(RecordsIn).ToList();
        var known = counts.All(count => count.HasValue);
        Context.Graph.ReportInput(time, Id, new InputReport(counts.Sum(count => count ?? 0), [.. positions.Select(Describe)], known ? null : () => batch.RecordsRead));
        return batch;
    }

    /// <summary>What a rate in records per second allows in one batch interval, at least one record.</summary>
    private long RecordsPerBatch(double rate) => Math.Max(1, (long)Math.Min(rate * Context.BatchInterval.TotalSeconds, long.MaxValue));

    /// <summary>Calls the stream's <see cref="OnStop"/> when the context disposes what it registered.</summary>
    private sealed class StopCallback(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }
}
