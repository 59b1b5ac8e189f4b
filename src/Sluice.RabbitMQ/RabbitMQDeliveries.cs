using System.Globalization;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Sluice.RabbitMQ;

/// <summary>Deliveries as messages: the body copied (the client reuses its buffer once the handler returns) and headers as text.</summary>
internal static class RabbitMQDeliveries
{
    /// <summary>The header in which a stream queue gives each delivery's offset.</summary>
    public const string OffsetHeader = "x-stream-offset";

    public static RabbitMQMessage ToMessage(BasicDeliverEventArgs delivery)
        => new(delivery.Exchange, delivery.RoutingKey, delivery.Body.ToArray(), Headers(delivery.BasicProperties), delivery.Redelivered, Offset(delivery));

    /// <summary>The delivery's offset in a stream queue; null from other queues.</summary>
    public static long? Offset(BasicDeliverEventArgs delivery)
        => delivery.BasicProperties.Headers?.TryGetValue(OffsetHeader, out var offset) == true && offset is not null
            ? Convert.ToInt64(offset, CultureInfo.InvariantCulture)
            : null;

    private static Dictionary<string, string>? Headers(IReadOnlyBasicProperties properties)
        => properties.Headers is { Count: > 0 } headers
            ? headers.Where(header => header.Key != OffsetHeader).ToDictionary(header => header.Key, header => Text(header.Value))
            : null;

    private static string Text(object? value) => value switch
    {
        null => "",
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        AmqpTimestamp timestamp => timestamp.UnixTime.ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
