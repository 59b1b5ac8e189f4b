using Sluice.Monitoring;

namespace Sluice.Web.Api;

/// <summary>The engine's batch and operation information in the REST API's shapes.</summary>
internal static class ApiMapping
{
    public static BatchStatus ToStatus(BatchInfo batch, string status, TimeSpan batchInterval)
    {
        var operations = batch.OutputOperations.Values.ToList();
        var failed = operations.Count(op => op.Failure is not null);
        var completed = operations.Count(op => op.EndTime is not null);
        return new BatchStatus(
            batch.BatchTime.ToUnixTimeMilliseconds(),
            batch.BatchTime,
            status,
            (long)batchInterval.TotalMilliseconds,
            batch.NumRecords,
            Milliseconds(batch.SchedulingDelay),
            Milliseconds(batch.ProcessingDelay),
            Milliseconds(batch.TotalDelay),
            operations.Count(op => op.StartTime is not null && op.EndTime is null),
            completed - failed,
            failed,
            operations.Count,
            batch.Failure?.Message,
            batch.InputMetadata);
    }

    public static OutputOperationStatus ToStatus(OutputOperationInfo operation)
        => new(operation.Id, operation.Name, operation.StreamIdentity, operation.StartTime, operation.EndTime, Milliseconds(operation.Duration), operation.Failure?.ToString(), operation.TasksByExecutor);

    private static long? Milliseconds(TimeSpan? duration) => duration is { } value ? (long)value.TotalMilliseconds : null;
}
