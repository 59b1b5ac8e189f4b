namespace Sluice.Web.Api;

/// <summary>The application's streaming statistics, as Spark's <c>/streaming/statistics</c>. Times are ISO 8601, durations milliseconds, rates records per second.</summary>
public sealed record StreamingStatistics(
    DateTimeOffset? StartTime,
    long BatchDuration,
    int NumReceivers,
    int NumActiveReceivers,
    int NumInactiveReceivers,
    long NumTotalCompletedBatches,
    int NumRetainedCompletedBatches,
    int NumActiveBatches,
    long NumProcessedRecords,
    long NumReceivedRecords,
    double? AvgInputRate,
    double? AvgSchedulingDelay,
    double? AvgProcessingTime,
    double? AvgTotalDelay);
