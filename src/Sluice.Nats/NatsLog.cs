using Microsoft.Extensions.Logging;

namespace Sluice.Nats;

/// <summary>The NATS connector's log messages (event ids 12xxx).</summary>
internal static partial class NatsLog
{
    [LoggerMessage(EventId = 12001, Level = LogLevel.Information, Message = "Subscribed to {Subjects} at NATS {Address}")]
    public static partial void Subscribed(ILogger logger, string subjects, string address);

    [LoggerMessage(EventId = 12002, Level = LogLevel.Information, Message = "Reading JetStream stream '{Stream}' at NATS {Address} from sequence {From}")]
    public static partial void Reading(ILogger logger, string stream, string address, ulong from);
}
