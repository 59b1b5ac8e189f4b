namespace Sluice.Driver;

/// <summary>A marker for a graceful stop: completed once every event posted before it has been handled.</summary>
internal sealed record Drain(TaskCompletionSource Handled) : DriverEvent;
