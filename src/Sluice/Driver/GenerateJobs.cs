namespace Sluice.Driver;

/// <summary>The timer reached a batch time: build the batch's datasets and submit its jobs.</summary>
internal sealed record GenerateJobs(DateTimeOffset Time) : DriverEvent;
