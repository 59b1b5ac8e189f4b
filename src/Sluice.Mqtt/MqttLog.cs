using Microsoft.Extensions.Logging;

namespace Sluice.Mqtt;

/// <summary>The MQTT connector's log messages (event ids 10xxx).</summary>
internal static partial class MqttLog
{
    [LoggerMessage(EventId = 10001, Level = LogLevel.Information, Message = "Connected to the MQTT broker at {Address} as {ClientId}; subscribed to {Filters} with {QualityOfService}{Resumed}")]
    public static partial void Subscribed(ILogger logger, string address, string clientId, string filters, string qualityOfService, string resumed);
}
