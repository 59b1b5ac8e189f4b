namespace Sluice.Driver;

/// <summary>A job runner began an output job of a batch.</summary>
internal sealed record JobStarted(JobSet Batch, int Index, DateTimeOffset At) : DriverEvent;
