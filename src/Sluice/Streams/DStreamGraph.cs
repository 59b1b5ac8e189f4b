using Sluice.Checkpointing;

namespace Sluice.Streams;

/// <summary>
/// The operators of one context in creation order, its input streams and output operations. Operators can be
/// added only before the context starts.
/// </summary>
internal sealed class DStreamGraph(StreamingContext context)
{
    private readonly Lock _gate = new();
    private readonly List<DStream> _operators = [];
    private readonly List<DStream> _inputs = [];
    private readonly List<DStream> _outputs = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateTimeOffset, Dictionary<int, InputReport>> _inputReports = new();
    private TimeSpan _rememberDuration;

    public IReadOnlyList<DStream> Outputs => _outputs;

    public IReadOnlyList<DStream> Operators => _operators;

    public int Register(DStream stream)
    {
        lock (_gate)
        {
            context.ThrowIfNotBuildable();
            _operators.Add(stream);
            return _operators.Count;
        }
    }

    /// <summary>What every replayable input read for the batch at <paramref name="time"/>, as recorded for checkpoints.</summary>
    public IReadOnlyList<SourcePosition> PositionsOf(DateTimeOffset time)
        => [.. _operators.OfType<IReplayableInput>().Select(input => input.PositionOf(time)).OfType<SourcePosition>()];

    public void AddInput(DStream input)
    {
        lock (_gate)
        {
            _inputs.Add(input);
        }
    }

    public int AddOutput(DStream output)
    {
        lock (_gate)
        {
            _outputs.Add(output);
            return _outputs.Count - 1;
        }
    }

    public void Remember(TimeSpan duration) => _rememberDuration = duration;

    /// <summary>Checks the graph can run and fixes each stream's zero time and remember duration.</summary>
    /// <exception cref="InvalidOperationException">There is no output operation.</exception>
    public void Start(DateTimeOffset zeroTime)
    {
        if (_outputs.Count == 0)
        {
            throw new InvalidOperationException(
                "No output operations registered, so nothing to execute. Add at least one output operation " +
                "(Print, ForeachRdd, SaveAsTextFiles) before calling Start().");
        }

        foreach (var output in _outputs)
        {
            output.Remember(_rememberDuration);
            output.Initialize(zeroTime);
        }

        if (context.SluiceContext.Remote is not null)
        {
            // A state partition lost with its executor is computed again from the newest saved version, so every batch
            // since then must still be there: Spark keeps a checkpointed stream's datasets for twice its interval.
            foreach (var stateful in _operators.OfType<Checkpointing.IStatefulStream>())
            {
                ((DStream)stateful).Remember(stateful.CheckpointInterval * 2);
            }
        }
    }

    public List<StreamingJob> GenerateJobs(DateTimeOffset time)
    {
        // Every input takes its data for this batch now, even when no operator reads this batch time (a window
        // sliding over several batches): records belong to the batch in which they arrived, not to a later one.
        foreach (var input in _inputs)
        {
            input.ComputeForBatch(time);
        }

        var jobs = new List<StreamingJob>(_outputs.Count);
        foreach (var output in _outputs)
        {
            if (output.GenerateJob(time) is { } job)
            {
                jobs.Add(job);
            }
        }

        return jobs;
    }

    /// <summary>
    /// Records an input stream's record count for a batch, and what it read (file names, offset ranges) when
    /// <paramref name="metadata"/> says; called while the batch's datasets are built.
    /// </summary>
    public void ReportInputRecords(DateTimeOffset time, int streamId, long records, IReadOnlyList<string>? metadata = null)
        => ReportInput(time, streamId, new InputReport(records, metadata ?? []));

    /// <summary>Records what an input stream reports for a batch.</summary>
    public void ReportInput(DateTimeOffset time, int streamId, InputReport report)
    {
        var reports = _inputReports.GetOrAdd(time, _ => []);
        lock (reports)
        {
            reports[streamId] = report;
        }
    }

    /// <summary>The input reports of a batch, handed over once to its batch information.</summary>
    public IReadOnlyDictionary<int, InputReport> TakeInputReports(DateTimeOffset time)
        => _inputReports.TryRemove(time, out var reports) ? reports : new Dictionary<int, InputReport>();

    public void ClearMetadata(DateTimeOffset time)
    {
        foreach (var stream in _operators)
        {
            stream.ClearMetadata(time);
        }
    }
}
