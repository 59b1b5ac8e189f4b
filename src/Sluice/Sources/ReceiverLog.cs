using Microsoft.Extensions.Logging;

namespace Sluice.Sources;

/// <summary>Log messages of receivers and their supervisors, with stable event ids.</summary>
internal static partial class ReceiverLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Receiver {Name} of stream {StreamId} started")]
    public static partial void Started(ILogger logger, string name, int streamId);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "Receiver {Name} of stream {StreamId} started on executor {ExecutorId}")]
    public static partial void StartedOn(ILogger logger, string name, int streamId, string executorId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Receiver {Name} of stream {StreamId}: {Message}")]
    public static partial void Error(ILogger logger, Exception? error, string name, int streamId, string message);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Receiver {Name} of stream {StreamId} restarts in {DelaySeconds} s: {Message}")]
    public static partial void Restarting(ILogger logger, Exception? error, string name, int streamId, double delaySeconds, string message);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Receiver {Name} of stream {StreamId} stopped: {Message}")]
    public static partial void Stopped(ILogger logger, string name, int streamId, string message);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Line of more than {MaxLength} bytes from {Source} skipped")]
    public static partial void LineTooLong(ILogger logger, int maxLength, string source);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "The connection to {Source} ended in the middle of a line: its last {Bytes} bytes were stored as a line, though no line end followed them")]
    public static partial void UnterminatedLastLine(ILogger logger, string source, int bytes);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Could not delete {File} of the write-ahead log in {Location}; it is tried again after the next batch")]
    public static partial void LogFileNotDeleted(ILogger logger, Exception error, string file, string location);
}
