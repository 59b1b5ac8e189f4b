namespace Sluice.Web.Api;

/// <summary>The checkpoints' health: the last written, and the last failure with how many in a row have failed.</summary>
public sealed record CheckpointHealth(
    string Location,
    bool Healthy,
    int ConsecutiveFailures,
    DateTimeOffset? LastWrittenBatchTime,
    DateTimeOffset? LastWrittenTime,
    long? LastWrittenBytes,
    DateTimeOffset? LastFailureTime,
    string? LastFailure);
