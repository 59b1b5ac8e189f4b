using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Sluice.Mqtt;

/// <summary>Where an MQTT stream connects, what it subscribes to, and how it acknowledges.</summary>
public sealed record MqttStreamOptions
{
    /// <summary>The broker's host name or address. Default <c>localhost</c>.</summary>
    public string Host { get; init; } = "localhost";

    /// <summary>The broker's port. Default 1883.</summary>
    public int Port { get; init; } = 1883;

    /// <summary>The topic filters to subscribe to (<c>+</c> and <c>#</c> wildcards allowed); at least one.</summary>
    public IReadOnlyList<string> TopicFilters { get; init; } = [];

    /// <summary>
    /// The most quality of service asked for. Default <see cref="MqttQualityOfServiceLevel.AtLeastOnce"/>: each
    /// message is acknowledged to the broker only once it is stored (and in the write-ahead log, when the context
    /// has one), so a message the broker sent is never lost unless it was stored first.
    /// </summary>
    public MqttQualityOfServiceLevel QualityOfService { get; init; } = MqttQualityOfServiceLevel.AtLeastOnce;

    /// <summary>
    /// The client id; a random one when null. Give one, with <see cref="SessionExpiry"/>, so that after a restart
    /// the broker sends what was published meanwhile and what was not acknowledged.
    /// </summary>
    public string? ClientId { get; init; }

    /// <summary>
    /// How long the broker keeps the session (subscriptions, messages not yet acknowledged, messages published while
    /// disconnected) after the receiver disconnects. Default zero: a clean session each time.
    /// </summary>
    public TimeSpan SessionExpiry { get; init; }

    /// <summary>The user name to connect with; none when null.</summary>
    public string? UserName { get; init; }

    /// <summary>The password to connect with; only with <see cref="UserName"/>.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// How often received messages are stored as a block and then acknowledged. Default 200 ms, Spark's block
    /// interval.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The most QoS 1 and 2 messages the broker may send before they are acknowledged (MQTT 5's receive maximum);
    /// messages are stored as soon as half of it waits. Default 1,000. With MQTT 3.1.1 the broker's own limit
    /// applies instead (mosquitto's <c>max_inflight_messages</c>, 20 by default).
    /// </summary>
    public int MaxUnacknowledged { get; init; } = 1000;

    /// <summary>The protocol version. Default MQTT 5 (<see cref="MqttProtocolVersion.V500"/>); <see cref="MqttProtocolVersion.V311"/> for older brokers.</summary>
    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>How long connecting may take before it counts as failed. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal MqttStreamOptions Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host, nameof(Host));
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        if (TopicFilters is null || TopicFilters.Count == 0 || TopicFilters.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Give at least one topic filter to subscribe to, none of them empty (for example \"sensors/#\").", nameof(TopicFilters));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(SessionExpiry, TimeSpan.Zero, nameof(SessionExpiry));
        if (SessionExpiry > TimeSpan.Zero && ClientId is null)
        {
            throw new ArgumentException("A session is resumed by its client id: give a ClientId with a SessionExpiry.", nameof(ClientId));
        }

        if (Password is not null && UserName is null)
        {
            throw new ArgumentException("A password goes with a user name: give UserName too.", nameof(Password));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FlushInterval, TimeSpan.Zero, nameof(FlushInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUnacknowledged, 2, nameof(MaxUnacknowledged));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxUnacknowledged, ushort.MaxValue, nameof(MaxUnacknowledged));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        return this;
    }

    /// <summary>Where the broker is, for messages.</summary>
    internal string Address => $"{Host}:{Port}";
}
