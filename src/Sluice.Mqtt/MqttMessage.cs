using MQTTnet.Protocol;

namespace Sluice.Mqtt;

/// <summary>One message received from an MQTT broker.</summary>
/// <param name="Topic">The topic it was published to (not the filter that matched it).</param>
/// <param name="Payload">Its payload, as sent.</param>
/// <param name="QualityOfService">The quality of service it was delivered with: the lower of the publisher's and the subscription's.</param>
/// <param name="Retained">Whether the broker sent it as the topic's retained message, on subscribing.</param>
public sealed record MqttMessage(string Topic, byte[] Payload, MqttQualityOfServiceLevel QualityOfService, bool Retained);
