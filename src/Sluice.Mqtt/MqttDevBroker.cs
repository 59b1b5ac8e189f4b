using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace Sluice.Mqtt;

/// <summary>
/// An MQTT broker in this process on 127.0.0.1 (MQTTnet's server), for trying MQTT streams with no broker installed,
/// as <c>sluice mqtt-dev</c> does. It keeps sessions and their messages in memory only: not for production. An MQTT
/// 3.1.1 client must give a client id (<c>mosquitto_pub -i ID</c>, or <c>-V mqttv5</c>).
/// </summary>
public sealed class MqttDevBroker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private MqttDevBroker(MqttServer server, int port) => (_server, Port) = (server, port);

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Its address for <see cref="MqttUtils.CreateTextStream(StreamingContext, string, string[])"/>: <c>tcp://127.0.0.1:PORT</c>.</summary>
    public string Url => $"tcp://127.0.0.1:{Port}";

    /// <summary>Starts a broker on 127.0.0.1:<paramref name="port"/>; 0 picks a free port.</summary>
    /// <param name="port">The port; 1883 is MQTT's.</param>
    /// <returns>The running broker.</returns>
    /// <exception cref="IOException">The port is taken: the message says so, and what to do.</exception>
    public static async Task<MqttDevBroker> StartAsync(int port = 1883)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        if (port == 0)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None) // none: nothing listens beyond IPv4 loopback
            .WithDefaultEndpointPort(port)
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(100_000)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        server.ValidatingConnectionAsync += connecting =>
        {
            if (string.IsNullOrEmpty(connecting.ClientId))
            {
                // An MQTT 5 client may leave its id to the broker, which then assigns one. (MQTTnet refuses an empty id
                // from an MQTT 3.1.1 client before asking: such a client must give one, mosquitto_pub -i ID.)
                connecting.AssignedClientIdentifier = $"auto-{Guid.NewGuid():N}";
            }

            return Task.CompletedTask;
        };
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            server.Dispose();
            throw new IOException($"Port {port} on 127.0.0.1 is taken: another MQTT broker may run there already. Use it, or give another port.", error);
        }

        return new MqttDevBroker(server, port);
    }

    /// <summary>Stops the broker; connected clients are disconnected.</summary>
    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync().ConfigureAwait(false);
        _server.Dispose();
    }
}
