using System.Text;

namespace Sluice.RabbitMQ;

/// <summary>Message bodies as UTF-8 text, strictly: bytes that are not text are an error that names the message, never replaced silently.</summary>
internal static class RabbitMQText
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A queue's message, which the receiver drops (reporting it) when it is not text.</summary>
    public static string Received(RabbitMQMessage message) => Decode(message, "was dropped", "RabbitMQUtils.CreateQueueStream");

    /// <summary>A stream queue's message, whose batch cannot be read as text when it is not.</summary>
    public static string Read(RabbitMQMessage message) => Decode(message, "cannot be read as text", "RabbitMQUtils.CreateDirectStream");

    private static string Decode(RabbitMQMessage message, string consequence, string readBytesWith)
    {
        try
        {
            return s_strictUtf8.GetString(message.Body);
        }
        catch (DecoderFallbackException error)
        {
            var where = message.Offset is { } offset ? $" at offset {offset}" : "";
            throw new FormatException(
                $"A message routed with '{message.RoutingKey}'{where} {consequence}: its body of {message.Body.Length} bytes is not UTF-8 text (an invalid byte at index {error.Index}). Publish text, or read bytes with {readBytesWith}.",
                error);
        }
    }
}
