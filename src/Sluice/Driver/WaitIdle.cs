namespace Sluice.Driver;

/// <summary>Completed with the newest completed batch, if any, once no submitted batch is still running.</summary>
internal sealed record WaitIdle(TaskCompletionSource<DateTimeOffset?> Idle) : DriverEvent;
