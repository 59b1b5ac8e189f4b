namespace Sluice.Driver;

/// <summary>
/// A job runner ended an output job of a batch: with <paramref name="Failure"/> when it failed, and
/// <paramref name="Abandoned"/> when a stop without grace cancelled it (the batch then never completes).
/// </summary>
internal sealed record JobCompleted(JobSet Batch, int Index, DateTimeOffset At, Exception? Failure, bool Abandoned, IReadOnlyDictionary<string, int> TasksByExecutor) : DriverEvent;
