namespace Sluice.Web.Api;

/// <summary>
/// One batch, as Spark's <c>/streaming/batches</c>: its id is its time in Unix milliseconds; status is <c>QUEUED</c>,
/// <c>PROCESSING</c> or <c>COMPLETED</c>. <c>InputMetadata</c>, Sluice's addition, lists what each input stream read
/// (files, Kafka offset ranges) by stream id.
/// </summary>
public sealed record BatchStatus(
    long BatchId,
    DateTimeOffset BatchTime,
    string Status,
    long BatchDuration,
    long InputSize,
    long? SchedulingDelay,
    long? ProcessingTime,
    long? TotalDelay,
    int NumActiveOutputOps,
    int NumCompletedOutputOps,
    int NumFailedOutputOps,
    int NumTotalOutputOps,
    string? FirstFailureReason,
    IReadOnlyDictionary<int, IReadOnlyList<string>> InputMetadata);
