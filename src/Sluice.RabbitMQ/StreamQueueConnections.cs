using System.Collections.Concurrent;
using RabbitMQ.Client;

namespace Sluice.RabbitMQ;

/// <summary>
/// One AMQP connection per direct stream in each process that reads for it, kept between tasks (each task opens a
/// channel of its own on it): connecting costs more than a small range.
/// </summary>
internal static class StreamQueueConnections
{
    private static readonly ConcurrentDictionary<string, IConnection> s_open = new();
    private static readonly ConcurrentDictionary<string, byte> s_closed = new();
    private static readonly SemaphoreSlim s_connecting = new(1, 1);

    /// <summary>The stream's open connection in this process, connecting when there is none (or, on a retry, <paramref name="fresh"/>, a new one).</summary>
    public static async Task<IConnection> GetAsync(string streamId, RabbitMQEndpoint endpoint, bool fresh, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(s_closed.ContainsKey(streamId), typeof(StreamQueueConnections));
        await s_connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (s_open.TryGetValue(streamId, out var open) && open.IsOpen && !fresh)
            {
                return open;
            }

            if (open is not null)
            {
                s_open.TryRemove(streamId, out _);
                await open.DisposeAsync().ConfigureAwait(false);
            }

            var connection = await endpoint.ConnectAsync($"sluice-stream-reader-{streamId}", cancellationToken).ConfigureAwait(false);
            s_open[streamId] = connection;
            return connection;
        }
        finally
        {
            s_connecting.Release();
        }
    }

    /// <summary>Closes the stream's connection in this process (the driver's, as the stream stops); reading afterwards fails.</summary>
    public static void Close(string streamId)
    {
        s_closed[streamId] = 0;
        if (s_open.TryRemove(streamId, out var connection))
        {
            connection.Dispose();
        }
    }
}
