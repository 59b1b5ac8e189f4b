using Microsoft.Extensions.Logging;

namespace Sluice.HttpStreams;

/// <summary>The HTTP stream connector's log messages (event ids 14xxx).</summary>
internal static partial class HttpStreamLog
{
    [LoggerMessage(EventId = 14001, Level = LogLevel.Information, Message = "Receiving {Format} from {Url}")]
    public static partial void Connected(ILogger logger, HttpStreamFormat format, string url);

    [LoggerMessage(EventId = 14002, Level = LogLevel.Information, Message = "Receiving {Format} from {Url} again")]
    public static partial void Reconnected(ILogger logger, HttpStreamFormat format, string url);
}
