using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Exceptions;

namespace Sluice.Mqtt;

/// <summary>What a failed connection to a broker means, and what to do about it.</summary>
internal static class MqttErrors
{
    /// <summary>The broker answered, and refused: why, in words.</summary>
    public static string Refused(MqttStreamOptions options, MqttClientConnectResultCode code, string? reason)
    {
        var cause = code switch
        {
            MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized
                => $"the broker refused the user name or password ({code}). Check UserName and Password",
            MqttClientConnectResultCode.ClientIdentifierNotValid
                => $"the broker refused the client id '{options.ClientId}' ({code}). Choose another ClientId",
            MqttClientConnectResultCode.UnsupportedProtocolVersion
                => $"the broker does not speak MQTT {options.ProtocolVersion} ({code}). Set ProtocolVersion to V311",
            _ => $"the broker refused the connection ({code}{(string.IsNullOrEmpty(reason) ? "" : $": {reason}")})",
        };
        return $"Could not connect to the MQTT broker at {options.Address}: {cause}.";
    }

    /// <summary>Connecting failed before the broker answered: why, in words.</summary>
    public static string ConnectFailed(MqttStreamOptions options, Exception error)
    {
        var where = $"Could not connect to the MQTT broker at {options.Address}";
        var cause = error switch
        {
            _ when Find<SocketException>(error) is { } socket => socket.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => $"the host '{options.Host}' is unknown. Check Host",
                SocketError.ConnectionRefused => "nothing listens there. Check Host and Port, and that the broker runs",
                _ => $"{socket.SocketErrorCode}: {socket.Message}",
            },
            MqttCommunicationTimedOutException or OperationCanceledException or TimeoutException
                => $"no answer within {options.ConnectTimeout.TotalSeconds:0.#} s. Check Host and Port, and that the broker runs",
            _ => error.Message,
        };
        return $"{where}: {cause}.";
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
