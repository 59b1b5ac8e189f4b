using Microsoft.Extensions.Logging;

namespace Sluice.Driver;

/// <summary>The streaming scheduler's log messages, with stable event ids.</summary>
internal static partial class StreamingLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Streaming started: batch interval {Interval}, first batch at {FirstBatch:O}")]
    public static partial void Started(ILogger logger, TimeSpan interval, DateTimeOffset firstBatch);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Generating the jobs of batch {Time:O} failed")]
    public static partial void GenerateFailed(ILogger logger, Exception error, DateTimeOffset time);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Output operation {OutputOperation} ({Name}) of batch {Time:O} failed")]
    public static partial void JobFailed(ILogger logger, Exception error, int outputOperation, string name, DateTimeOffset time);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Streaming stopped {How}")]
    public static partial void Stopped(ILogger logger, string how);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Batch {Time:O} failed and the failure policy is Continue: its output is missing")]
    public static partial void BatchSkipped(ILogger logger, DateTimeOffset time);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Start() was called on a StreamingContext that is already running; nothing changed")]
    public static partial void AlreadyStarted(ILogger logger);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "The graceful stop was cut short before every batch completed (its cancellation token, such as a host's shutdown timeout): the batches still running are cancelled, and a restart from the checkpoint runs them again")]
    public static partial void GracefulStopCutShort(ILogger logger);
}
