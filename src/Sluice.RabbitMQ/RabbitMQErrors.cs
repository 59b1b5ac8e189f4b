using System.Net.Sockets;
using RabbitMQ.Client.Exceptions;

namespace Sluice.RabbitMQ;

/// <summary>What a failure talking to RabbitMQ means, and what to do about it.</summary>
internal static class RabbitMQErrors
{
    /// <summary>Connecting, or using the queue, failed: why, in words, naming the broker and the queue.</summary>
    public static string Describe(RabbitMQEndpoint endpoint, Exception error)
    {
        var cause = Find<AuthenticationFailureException>(error) is not null || Find<PossibleAuthenticationFailureException>(error) is not null
            ? "the broker refused the user name or password. Check the user and password in the URI (amqp://USER:PASSWORD@HOST:PORT/)"
            : Find<OperationInterruptedException>(error) is { ShutdownReason: { } reason } ? Refusal(endpoint, reason.ReplyCode, reason.ReplyText)
            : Find<SocketException>(error) is { } socket ? socket.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => $"the host '{endpoint.Uri.Host}' is unknown. Check the host in the URI",
                SocketError.ConnectionRefused => "nothing listens there. Check the host and port in the URI, and that the broker runs",
                _ => $"{socket.SocketErrorCode}: {socket.Message}",
            }
            : error is OperationCanceledException or TimeoutException || Find<TimeoutException>(error) is not null
                ? $"no answer within {endpoint.ConnectTimeout.TotalSeconds:0.#} s. Check the host and port in the URI, and that the broker runs"
            : Innermost(error).Message;
        return $"RabbitMQ at {endpoint.Address}, queue '{endpoint.Queue}': {cause}.";
    }

    private static string Refusal(RabbitMQEndpoint endpoint, ushort code, string text) => code switch
    {
        404 => $"the queue does not exist in virtual host '{endpoint.VirtualHost}' (404 {text}). Declare it first, or check the queue's name",
        403 => $"the user may not read the queue (403 {text}). Grant it read permission on the queue",
        406 when text.Contains(RabbitMQDeliveries.OffsetHeader, StringComparison.Ordinal) => $"{NotAStreamQueue} (406 {text})",
        406 => $"the broker refused what was asked of the queue (406 {text})",
        320 => $"the broker closed the connection (320 {text}): it was stopped or restarted",
        _ => $"the broker closed the channel ({code} {text})",
    };

    /// <summary>Why a direct stream cannot read a classic or quorum queue, and what to use instead.</summary>
    public const string NotAStreamQueue = "it is not a stream queue. Read classic and quorum queues with RabbitMQUtils.CreateQueueStream, or declare a queue with x-queue-type: stream";

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
