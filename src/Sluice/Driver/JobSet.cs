using Sluice.Monitoring;
using Sluice.Streams;

namespace Sluice.Driver;

/// <summary>
/// The jobs of one batch and their progress: the source of the batch's <see cref="BatchInfo"/>. Changed by the
/// driver's loop only (<see cref="StreamingDriver"/>).
/// </summary>
internal sealed class JobSet
{
    private readonly OutputOperationInfo[] _operations;
    private readonly IReadOnlyDictionary<int, Streams.InputReport> _inputs;
    private DateTimeOffset? _processingStart;
    private DateTimeOffset? _processingEnd;
    private int _remaining;

    public JobSet(DateTimeOffset time, IReadOnlyList<StreamingJob> jobs, DateTimeOffset submissionTime, IReadOnlyDictionary<int, Streams.InputReport> inputs)
    {
        Time = time;
        _inputs = inputs;
        InputMetadata = inputs.Where(input => input.Value.Metadata.Count > 0).ToDictionary(input => input.Key, input => input.Value.Metadata);
        Jobs = jobs;
        SubmissionTime = submissionTime;
        _remaining = jobs.Count;
        _operations = [.. jobs.Select(job => new OutputOperationInfo(time, job.OutputOperationId, job.Name, job.StreamIdentity, null, null, null))];
        if (jobs.Count == 0)
        {
            _processingStart = _processingEnd = submissionTime;
        }
    }

    public DateTimeOffset Time { get; }

    public IReadOnlyList<StreamingJob> Jobs { get; }

    public DateTimeOffset SubmissionTime { get; }

    /// <summary>Records per input stream, as known now: a file stream's grow as its files are read.</summary>
    public IReadOnlyDictionary<int, long> InputRecords => _inputs.ToDictionary(input => input.Key, input => input.Value.RecordsNow);

    public IReadOnlyDictionary<int, IReadOnlyList<string>> InputMetadata { get; }

    public bool HasFailed { get; private set; }

    /// <summary>Records a job's start; true when it is the batch's first.</summary>
    public bool Started(int index, DateTimeOffset now, out OutputOperationInfo operation)
    {
        operation = _operations[index] = _operations[index] with { StartTime = now };
        var first = _processingStart is null;
        _processingStart ??= now;
        return first;
    }

    /// <summary>Records a job's end; true when it is the batch's last.</summary>
    public bool Completed(int index, DateTimeOffset now, Exception? failure, IReadOnlyDictionary<string, int> tasksByExecutor, out OutputOperationInfo operation)
    {
        operation = _operations[index] = _operations[index] with { EndTime = now, Failure = failure, TasksByExecutor = tasksByExecutor };
        HasFailed |= failure is not null;
        if (--_remaining > 0)
        {
            return false;
        }

        _processingEnd = now;
        return true;
    }

    public BatchInfo ToBatchInfo()
        => new(Time, SubmissionTime, _processingStart, _processingEnd, _operations.ToDictionary(op => op.Id), InputRecords) { InputMetadata = InputMetadata };
}
