namespace Sluice.Web.Api;

/// <summary>
/// One output operation of one batch, as Spark's <c>/streaming/batches/{id}/operations</c>, and where its tasks ran:
/// <c>TasksByExecutor</c>, tasks that succeeded by executor id.
/// </summary>
public sealed record OutputOperationStatus(
    int OutputOpId,
    string Name,
    string Description,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    long? Duration,
    string? FailureReason,
    IReadOnlyDictionary<string, int> TasksByExecutor);
