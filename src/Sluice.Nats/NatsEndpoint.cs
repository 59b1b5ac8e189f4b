using NATS.Client.Core;

namespace Sluice.Nats;

/// <summary>
/// A NATS server, and how to connect to it. Only text and numbers, so that it travels with tasks to executor
/// processes as it is.
/// </summary>
/// <param name="Url">The server's URL, <c>nats://HOST:PORT</c>.</param>
/// <param name="UserName">The user to connect as; none when null.</param>
/// <param name="Password">The user's password.</param>
/// <param name="ConnectTimeout">How long connecting may take.</param>
internal sealed record NatsEndpoint(string Url, string? UserName, string? Password, TimeSpan ConnectTimeout)
{
    /// <summary>Host and port, for messages: never the credentials.</summary>
    public string Address => new Uri(Url) is var uri ? $"{uri.Host}:{(uri.IsDefaultPort || uri.Port < 0 ? 4222 : uri.Port)}" : Url;

    /// <summary>A connection, not yet connected: the client reconnects by itself after it is.</summary>
    public NatsConnection Connection(string name) => new(new NatsOpts
    {
        Url = Url,
        Name = name,
        AuthOpts = UserName is null ? NatsAuthOpts.Default : NatsAuthOpts.Default with { Username = UserName, Password = Password },
        ConnectTimeout = ConnectTimeout,
        RequestTimeout = ConnectTimeout,
        MaxReconnectRetry = -1,
    });

    /// <summary>Checks a URL and credentials, as options do.</summary>
    public static NatsEndpoint Of(string url, string? userName, string? password, TimeSpan connectTimeout)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls") || uri.Host.Length == 0)
        {
            throw new ArgumentException($"'{url}' is not a NATS URL: write nats://HOST:PORT, for example nats://localhost:4222.", "Url");
        }

        if (password is not null && userName is null)
        {
            throw new ArgumentException("A password goes with a user name: give UserName too.", "Password");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(connectTimeout, TimeSpan.Zero, "ConnectTimeout");
        return new NatsEndpoint(url, userName, password, connectTimeout);
    }
}
