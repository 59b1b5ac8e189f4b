namespace Sluice.RabbitMQ;

/// <summary>The checks both kinds of options share.</summary>
internal static class RabbitMQOptionChecks
{
    public static RabbitMQEndpoint Endpoint(string url, string queue, TimeSpan connectTimeout)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps") || uri.Host.Length == 0)
        {
            throw new ArgumentException($"'{url}' is not an AMQP URI: write amqp://HOST:PORT/ (or amqp://USER:PASSWORD@HOST:PORT/VHOST), for example amqp://localhost:5672/.", "Url");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(queue, "Queue");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(connectTimeout, TimeSpan.Zero, "ConnectTimeout");
        return new RabbitMQEndpoint(url, queue, connectTimeout);
    }

    public static void Prefetch(int prefetch, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prefetch, 2, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefetch, ushort.MaxValue, name);
    }
}
