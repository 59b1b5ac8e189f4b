namespace Sluice.Web.Api;

/// <summary>One receiver, as Spark's <c>/streaming/receivers</c>: <c>EventRates</c> pairs each retained batch's time (Unix milliseconds) with its records per second.</summary>
public sealed record ReceiverStatus(
    int StreamId,
    string StreamName,
    bool IsActive,
    string ExecutorId,
    string ExecutorHost,
    DateTimeOffset? LastErrorTime,
    string? LastError,
    string? LastErrorMessage,
    double? AvgEventRate,
    IReadOnlyList<double[]> EventRates);
