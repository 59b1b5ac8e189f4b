using System.Globalization;
using Sluice.Monitoring;

namespace Sluice.Cli;

/// <summary>One line about a completed batch, for the console: its time, records and delays.</summary>
internal static class BatchSummary
{
    public static string Format(BatchInfo batch, long completed)
        => string.Create(CultureInfo.InvariantCulture,
            $"batch {batch.BatchTime.ToLocalTime():HH:mm:ss.fff}: {batch.NumRecords:N0} records, scheduling delay {Milliseconds(batch.SchedulingDelay)}, processing {Milliseconds(batch.ProcessingDelay)}, total delay {Milliseconds(batch.TotalDelay)}; {completed:N0} batch{(completed == 1 ? "" : "es")} completed{(batch.Failure is null ? "" : ", this one FAILED")}");

    private static string Milliseconds(TimeSpan? delay) => string.Create(CultureInfo.InvariantCulture, $"{(delay ?? TimeSpan.Zero).TotalMilliseconds:N0} ms");
}
