using Microsoft.Extensions.Logging;

namespace Sluice.Datasets;

/// <summary>The scheduler's log messages, with stable event ids.</summary>
internal static partial class SchedulerLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Job {JobId} ({Action}) submitted with {StageCount} stage(s) over {Rdd}")]
    public static partial void JobSubmitted(ILogger logger, int jobId, string action, int stageCount, string rdd);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Task for partition {Partition} of stage {StageId} (job {JobId}) failed on attempt {Attempt}; retrying")]
    public static partial void TaskRetried(ILogger logger, Exception error, int jobId, int stageId, int partition, int attempt);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Job {JobId} failed")]
    public static partial void JobFailed(ILogger logger, Exception error, int jobId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Job {JobId} could not fetch map partition {MapPartition} of shuffle {ShuffleId}: its executor was lost. Running the lost map outputs again, then the tasks not done (attempt {Attempt})")]
    public static partial void FetchFailed(ILogger logger, int jobId, int shuffleId, int mapPartition, int attempt);
}
