using System.Collections.Concurrent;
using NATS.Client.Core;

namespace Sluice.Nats;

/// <summary>
/// One NATS connection per direct stream in each process that reads for it, kept between tasks and shared by them
/// (NATS multiplexes): the driver plans on it, and executors read on theirs.
/// </summary>
internal static class NatsConnections
{
    private static readonly ConcurrentDictionary<string, NatsConnection> s_open = new();
    private static readonly ConcurrentDictionary<string, byte> s_closed = new();

    /// <summary>
    /// The stream's connection in this process, connected. The client reconnects by itself after a loss; while it
    /// does, this waits at most the connect timeout, then throws <see cref="TimeoutException"/>.
    /// </summary>
    public static async Task<NatsConnection> GetAsync(string streamId, NatsEndpoint endpoint, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(s_closed.ContainsKey(streamId), typeof(NatsConnections));
        var connection = s_open.GetOrAdd(streamId, id => endpoint.Connection($"sluice-stream-{id}"));
        if (connection.ConnectionState != NatsConnectionState.Open)
        {
            await connection.ConnectAsync().AsTask().WaitAsync(endpoint.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }

        return connection;
    }

    /// <summary>Closes the stream's connection in this process (the driver's, as the stream stops); reading afterwards fails.</summary>
    public static void Close(string streamId)
    {
        s_closed[streamId] = 0;
        if (s_open.TryRemove(streamId, out var connection))
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
