using Microsoft.Extensions.Logging;

namespace Sluice.Flume;

/// <summary>The Flume connector's log messages (event ids 13xxx).</summary>
internal static partial class FlumeLog
{
    [LoggerMessage(EventId = 13001, Level = LogLevel.Information, Message = "Listening for Flume's Avro sink on {Host}:{Port}")]
    public static partial void Listening(ILogger logger, string host, int port);
}
