namespace Sluice.Driver;

/// <summary>A marker for a graceful stop: signalled once every event posted before it has been handled.</summary>
internal sealed record Drain(ManualResetEventSlim Handled) : JobGeneratorEvent;
