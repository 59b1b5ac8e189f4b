using Microsoft.Extensions.Logging;

namespace Sluice.Database;

/// <summary>The database sink's log events (ids 8001–8099).</summary>
internal static partial class DatabaseLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Sink {Sink} committed batch {BatchTime} before: not written again")]
    public static partial void BatchSkipped(ILogger logger, string sink, DateTimeOffset batchTime);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Sink {Sink} could not write batch {BatchTime} (attempt {Attempt} of {Retries} retries); trying again in {Seconds} s")]
    public static partial void WriteRetried(ILogger logger, Exception error, string sink, DateTimeOffset batchTime, int attempt, int retries, double seconds);
}
