using RabbitMQ.Client;

namespace Sluice.RabbitMQ;

/// <summary>
/// A queue on a broker, and how to connect to it. Only text and numbers, so that it travels with tasks to executor
/// processes as it is.
/// </summary>
/// <param name="Url">The broker's AMQP URI, <c>amqp://USER:PASSWORD@HOST:PORT/VHOST</c>.</param>
/// <param name="Queue">The queue's name.</param>
/// <param name="ConnectTimeout">How long connecting may take.</param>
internal sealed record RabbitMQEndpoint(string Url, string Queue, TimeSpan ConnectTimeout)
{
    public Uri Uri => new(Url);

    /// <summary>Host and port, for messages: never the password.</summary>
    public string Address => $"{Uri.Host}:{(Uri.IsDefaultPort ? 5672 : Uri.Port)}";

    public string VirtualHost => Uri.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(Uri.AbsolutePath[1..]);

    /// <summary>
    /// Connects, without the client's own recovery: whoever holds the connection starts again from what it knows
    /// (a receiver restarts, and the broker redelivers what it had not acknowledged; a reader reads its range again).
    /// </summary>
    public Task<IConnection> ConnectAsync(string name, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = Uri,
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedConnectionTimeout = ConnectTimeout,
            ClientProvidedName = name,
        };
        return factory.CreateConnectionAsync(cancellationToken);
    }
}
