
namespace Sluice.Streams;

/// <summary>
/// What every discretized stream has regardless of its element type: identity, slide duration and place in the
/// graph. See <see cref="DStream{T}"/>.
/// </summary>
public abstract class DStream : Execution.Tasks.IResident
{
    private TimeSpan _rememberDuration;

    private protected DStream(StreamingContext context, string kind)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        Kind = kind;
        Id = context.Graph.Register(this);
        context.SluiceContext.Residents.Register(this);
    }

    /// <summary>The context this stream belongs to.</summary>
    public StreamingContext Context { get; }

    /// <summary>
    /// A number given in the order operators are created, so the same program builds the same ids every run.
    /// </summary>
    public int Id { get; }

    /// <summary>The kind of operator, such as <c>map</c>, <c>reduceByKey</c> or <c>queueStream</c>.</summary>
    public string Kind { get; }

    /// <summary>The stable identity used by metrics, the UI and checkpoints: the name given with <c>Name(...)</c>, else <c>kind-id</c>.</summary>
    public string Identity => GivenName ?? $"{Kind}-{Id}";

    /// <summary>By its id, which the same program gives it in every process (a name may be given later).</summary>
    string Execution.Tasks.IResident.ResidentName => $"dstream-{Id}";

    /// <summary>The interval between this stream's datasets: the batch interval, or a window's slide.</summary>
    public abstract TimeSpan SlideDuration { get; }

    internal string? GivenName { get; private set; }

    /// <summary>Names the operator, its identity in metrics, the UI and checkpoints.</summary>
    /// <exception cref="ArgumentException">Another operator of the context has the name.</exception>
    internal void GiveName(string name)
    {
        if (Context.Graph.Operators.Any(other => other != this && other.GivenName == name))
        {
            throw new ArgumentException($"Another operator of this context is already named '{name}'; operator names must be unique.", nameof(name));
        }

        GivenName = name;
    }

    /// <summary>
    /// Tells listeners (the UI, the command line) that this input stream could not read its source: for inputs
    /// that read on the driver, which have no receiver to report through. Say what failed, where, and what to do.
    /// </summary>
    /// <param name="message">What went wrong, for people.</param>
    /// <param name="error">The exception behind it, if any.</param>
    protected internal void ReportInputError(string message, Exception? error = null)
    {
        var info = new Monitoring.InputErrorInfo(Id, Identity, message, error, Context.Options.TimeProvider.GetUtcNow());
        Context.Listeners.Post(listener => listener.OnInputError(info));
    }

    internal abstract IReadOnlyList<DStream> Dependencies { get; }

    /// <summary>The time before the first batch; set when the context starts.</summary>
    internal DateTimeOffset? ZeroTime { get; private set; }

    /// <summary>How long generated datasets are kept after their batch, for windows, Slice and late readers.</summary>
    internal TimeSpan RememberDuration => _rememberDuration;

    /// <summary>How often a stateful operator's state is saved: set with <c>Checkpoint(interval)</c>, else the smallest multiple of the slide that is at least 10 s.</summary>
    internal TimeSpan CheckpointInterval
        => CheckpointIntervalGiven ?? TimeSpan.FromTicks(((TimeSpan.FromSeconds(10).Ticks + SlideDuration.Ticks - 1) / SlideDuration.Ticks) * SlideDuration.Ticks);

    private protected TimeSpan? CheckpointIntervalGiven { get; set; }

    /// <summary>The type of the operator's records, for checkpoints.</summary>
    internal virtual string RecordTypeName => "";

    /// <summary>Whether the operator keeps state across batches, which needs a checkpoint directory (as in Spark).</summary>
    internal virtual bool NeedsCheckpoint => false;

    /// <summary>The extra history this operator needs from its parents (a window needs its length).</summary>
    private protected virtual TimeSpan ParentRememberExtra => TimeSpan.Zero;

    internal void Initialize(DateTimeOffset zeroTime)
    {
        if (ZeroTime == zeroTime)
        {
            return; // Reached through another path of the graph already.
        }

        ZeroTime = zeroTime;
        if (_rememberDuration < SlideDuration)
        {
            _rememberDuration = SlideDuration;
        }

        foreach (var parent in Dependencies)
        {
            parent.Initialize(zeroTime);
        }

        Remember(_rememberDuration);
    }

    /// <summary>Keeps datasets for at least <paramref name="duration"/>, and makes the parents keep what this needs of them.</summary>
    internal void Remember(TimeSpan duration)
    {
        if (duration > _rememberDuration)
        {
            _rememberDuration = duration;
        }

        foreach (var parent in Dependencies)
        {
            parent.Remember(_rememberDuration + ParentRememberExtra);
        }
    }

    /// <summary>Whether a dataset is due at <paramref name="time"/>: after the zero time and on this stream's slide grid.</summary>
    internal bool IsTimeValid(DateTimeOffset time)
        => ZeroTime is { } zero && time > zero && (time - zero).Ticks % SlideDuration.Ticks == 0;

    /// <summary>Computes (lazily) the dataset of a batch time, for input streams that must take their data every batch.</summary>
    internal virtual void ComputeForBatch(DateTimeOffset time)
    {
    }

    /// <summary>
    /// Forgets the datasets of <paramref name="time"/> built by this stream and the streams it reads, so they are built
    /// again; input streams (those reading no stream) keep theirs, which hold the batch's data.
    /// </summary>
    internal virtual void ForgetBatch(DateTimeOffset time)
    {
        foreach (var parent in Dependencies)
        {
            parent.ForgetBatch(time);
        }
    }

    /// <summary>Forgets datasets older than the remember duration; called after each batch completes.</summary>
    internal abstract void ClearMetadata(DateTimeOffset time);

    /// <summary>For output operations: the job to run for the batch at <paramref name="time"/>, or <see langword="null"/>.</summary>
    internal virtual StreamingJob? GenerateJob(DateTimeOffset time) => null;

    /// <inheritdoc/>
    public override string ToString() => Identity;
}
