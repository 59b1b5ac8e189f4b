using Microsoft.Extensions.Logging;

namespace Sluice.Web;

/// <summary>The web UI's log events (ids 7001–7099).</summary>
internal static partial class WebUiLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Web UI at {Address}")]
    public static partial void Started(ILogger logger, Uri address);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "Port {Port} is taken ({Reason}); trying the next")]
    public static partial void PortTaken(ILogger logger, int port, string reason);
}
