namespace Sluice.RabbitMQ;

/// <summary>A message delivered from a RabbitMQ queue.</summary>
/// <param name="Exchange">The exchange it was published to; empty for the default exchange.</param>
/// <param name="RoutingKey">The routing key it was published with.</param>
/// <param name="Body">The body, as published.</param>
/// <param name="Headers">
/// The application headers, with text values as text (AMQP carries them as bytes) and others as their invariant
/// text; null when the message had none.
/// </param>
/// <param name="Redelivered">
/// Whether the broker delivered it before without an acknowledgement (to a receiver that stopped before storing
/// it): what a queue receiver may see twice after a crash.
/// </param>
/// <param name="Offset">Its offset in a stream queue; null from other queues.</param>
public sealed record RabbitMQMessage(string Exchange, string RoutingKey, byte[] Body, IReadOnlyDictionary<string, string>? Headers, bool Redelivered, long? Offset);
