using System.Text;
using Sluice.Streams;

namespace Sluice.Mqtt;

/// <summary>
/// Input streams from an MQTT broker, as Spark's <c>MQTTUtils</c>: a receiver subscribing to topic filters, storing
/// each message, and acknowledging QoS 1 and 2 messages only once they are stored.
/// </summary>
public static class MqttUtils
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A stream of the messages published to <see cref="MqttStreamOptions.TopicFilters"/>, with their topics.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The broker, the topic filters, and how to acknowledge.</param>
    /// <returns>The stream of messages.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<MqttMessage> CreateStream(StreamingContext context, MqttStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return context.ReceiverStream(new MqttReceiver<MqttMessage>(options.Validate(), static message => message));
    }

    /// <summary>
    /// A stream of the payloads published to <see cref="MqttStreamOptions.TopicFilters"/>, as UTF-8 text. A payload
    /// that is not UTF-8 is reported as the receiver's error, naming its topic, and not stored.
    /// </summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The broker, the topic filters, and how to acknowledge.</param>
    /// <returns>The stream of payloads.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<string> CreateTextStream(StreamingContext context, MqttStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return context.ReceiverStream(new MqttReceiver<string>(options.Validate(), Text));
    }

    /// <summary>
    /// A stream of the payloads published to <paramref name="topicFilters"/> on the broker at
    /// <paramref name="brokerUrl"/>, as UTF-8 text, as Spark's <c>MQTTUtils.createStream(ssc, brokerUrl, topic)</c>.
    /// </summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="brokerUrl">The broker: <c>tcp://HOST:PORT</c> (or <c>mqtt://</c>); port 1883 when omitted.</param>
    /// <param name="topicFilters">The topic filters to subscribe to.</param>
    /// <returns>The stream of payloads.</returns>
    /// <exception cref="ArgumentException">The URL or a topic filter is not valid.</exception>
    public static DStream<string> CreateTextStream(StreamingContext context, string brokerUrl, params string[] topicFilters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(brokerUrl);
        if (!Uri.TryCreate(brokerUrl, UriKind.Absolute, out var url) || url.Scheme is not ("tcp" or "mqtt") || url.Host.Length == 0)
        {
            throw new ArgumentException($"'{brokerUrl}' is not a broker URL: write tcp://HOST:PORT, for example tcp://localhost:1883.", nameof(brokerUrl));
        }

        return CreateTextStream(context, new MqttStreamOptions { Host = url.Host, Port = url.IsDefaultPort ? 1883 : url.Port, TopicFilters = topicFilters });
    }

    private static string Text(MqttMessage message)
    {
        try
        {
            return s_strictUtf8.GetString(message.Payload);
        }
        catch (DecoderFallbackException error)
        {
            throw new FormatException(
                $"A message on topic '{message.Topic}' was dropped: its payload of {message.Payload.Length} bytes is not UTF-8 text (an invalid byte at index {error.Index}). Publish text, or read bytes with MqttUtils.CreateStream.",
                error);
        }
    }
}
