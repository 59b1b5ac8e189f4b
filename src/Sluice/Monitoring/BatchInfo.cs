namespace Sluice.Monitoring;

/// <summary>What is known about one batch: when it was submitted, started and ended, and its output operations.</summary>
/// <param name="BatchTime">The batch's time on the interval grid.</param>
/// <param name="SubmissionTime">When its jobs were generated and queued.</param>
/// <param name="ProcessingStartTime">When its first job started, if one has.</param>
/// <param name="ProcessingEndTime">When its last job ended, if all have.</param>
/// <param name="OutputOperations">Its output operations by id.</param>
/// <param name="InputRecords">Records per input stream id: a receiver's and Kafka's when the batch is cut, a file stream's as its files are read (all of them once the batch completes; Spark reports none).</param>
public sealed record BatchInfo(
    DateTimeOffset BatchTime,
    DateTimeOffset SubmissionTime,
    DateTimeOffset? ProcessingStartTime,
    DateTimeOffset? ProcessingEndTime,
    IReadOnlyDictionary<int, OutputOperationInfo> OutputOperations,
    IReadOnlyDictionary<int, long> InputRecords)
{
    /// <summary>What each input stream read, by stream id, for the streams that say: file names, Kafka offset ranges.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> InputMetadata { get; init; } = new Dictionary<int, IReadOnlyList<string>>();

    /// <summary>The batch's records over all input streams that report them.</summary>
    public long NumRecords => InputRecords.Values.Sum();

    /// <summary>How long the batch waited for a free job slot: processing start minus submission.</summary>
    public TimeSpan? SchedulingDelay => ProcessingStartTime - SubmissionTime;

    /// <summary>How long its jobs ran: processing end minus processing start.</summary>
    public TimeSpan? ProcessingDelay => ProcessingEndTime - ProcessingStartTime;

    /// <summary>Scheduling delay plus processing delay.</summary>
    public TimeSpan? TotalDelay => ProcessingEndTime - SubmissionTime;

    /// <summary>The first failure among the output operations, or <see langword="null"/> when all succeeded.</summary>
    public Exception? Failure => OutputOperations.Values.OrderBy(op => op.Id).Select(op => op.Failure).FirstOrDefault(failure => failure is not null);
}
