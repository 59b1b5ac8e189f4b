using Microsoft.Extensions.Logging;

namespace Sluice.RabbitMQ;

/// <summary>The RabbitMQ connector's log messages (event ids 11xxx).</summary>
internal static partial class RabbitMQLog
{
    [LoggerMessage(EventId = 11001, Level = LogLevel.Information, Message = "Consuming queue '{Queue}' at RabbitMQ {Address} with a prefetch of {Prefetch}")]
    public static partial void Consuming(ILogger logger, string queue, string address, int prefetch);

    [LoggerMessage(EventId = 11002, Level = LogLevel.Information, Message = "Following the end of stream queue '{Queue}' at RabbitMQ {Address} from offset {From}")]
    public static partial void Following(ILogger logger, string queue, string address, string from);
}
