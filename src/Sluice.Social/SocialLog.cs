using Microsoft.Extensions.Logging;

namespace Sluice.Social;

/// <summary>The social connectors' log messages (event ids 15xxx).</summary>
internal static partial class SocialLog
{
    [LoggerMessage(EventId = 15001, Level = LogLevel.Information, Message = "The X filtered stream has the rules {Rules} ({Added} added, {Deleted} other rules deleted)")]
    public static partial void Rules(ILogger logger, string rules, int added, int deleted);
}
