using Microsoft.Extensions.Logging;

namespace Sluice.Cli.Logging;

/// <summary>What the command line itself warns about, with stable event ids.</summary>
internal static partial class CliLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Lines received from {Source} are kept in memory until their batch is processed, so a crash loses those not yet processed: --checkpoint DIR resumes the counts, and --wal also keeps the received lines, in {Dir}")]
    public static partial void ReceivedDataNotLogged(ILogger logger, string source, string dir);
}
