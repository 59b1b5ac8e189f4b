using System.Net.Sockets;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Sluice.Nats;

/// <summary>What a failure talking to NATS means, and what to do about it.</summary>
internal static class NatsErrors
{
    /// <summary>Connecting, subscribing or reading <paramref name="what"/> failed: why, in words, naming the server.</summary>
    public static string Describe(NatsEndpoint endpoint, string what, Exception error)
    {
        var cause = error switch
        {
            _ when Find<NatsJSApiException>(error) is { } api => api.Error.ErrCode switch
            {
                10059 => $"the JetStream stream does not exist ({api.Error.Description}). Create it, or check its name",
                _ => $"JetStream refused ({api.Error.Code} {api.Error.Description})",
            },
            _ when Find<NatsNoRespondersException>(error) is not null
                => "no JetStream answered. Start the server with JetStream enabled (nats-server -js), or check that the account has it",
            _ when (Find<SocketException>(error) ?? WhyNotConnected(endpoint, error)) is { } socket => socket.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => $"the host in '{endpoint.Url}' is unknown. Check the URL",
                SocketError.ConnectionRefused => "nothing listens there. Check the URL's host and port, and that the server runs",
                _ => $"{socket.SocketErrorCode}: {socket.Message}",
            },
            _ when Innermost(error).Message.Contains("Authorization Violation", StringComparison.OrdinalIgnoreCase)
                => "the server refused the user name or password (Authorization Violation). Check UserName and Password",
            _ when Find<TimeoutException>(error) is not null || error is OperationCanceledException
                => $"no answer within {endpoint.ConnectTimeout.TotalSeconds:0.#} s. Check the URL, and that the server runs",
            _ => Innermost(error).Message,
        };
        return $"NATS at {endpoint.Address}, {what}: {cause}.";
    }

    /// <summary>
    /// NATS.Net says only that it "can not connect": find out why, by resolving the host and connecting to the port
    /// once; null when both work (the cause is elsewhere).
    /// </summary>
    private static SocketException? WhyNotConnected(NatsEndpoint endpoint, Exception error)
    {
        if (error is not NatsException || !error.Message.Contains("can not connect", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var uri = new Uri(endpoint.Url);
        try
        {
            using var probe = new TcpClient();
            probe.ConnectAsync(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 4222 : uri.Port).Wait(endpoint.ConnectTimeout);
            return null;
        }
        catch (AggregateException failed) when (failed.InnerException is SocketException socket)
        {
            return socket;
        }
        catch (SocketException socket)
        {
            return socket;
        }
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error;
    }

    private static TException? Find<TException>(Exception? error)
        where TException : Exception
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is TException found)
            {
                return found;
            }
        }

        return null;
    }
}
