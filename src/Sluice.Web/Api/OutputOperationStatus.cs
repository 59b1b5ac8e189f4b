namespace Sluice.Web.Api;

/// <summary>One output operation of one batch, as Spark's <c>/streaming/batches/{id}/operations</c>.</summary>
public sealed record OutputOperationStatus(
    int OutputOpId,
    string Name,
    string Description,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    long? Duration,
    string? FailureReason);
