using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Sluice.Sources;

/// <summary>
/// Connects to a TCP server and stores what <c>receive</c> reads from it, as Spark's <c>SocketReceiver</c>. A
/// connection that fails or ends is reported and the receiver restarts, so it connects again after the restart
/// delay for as long as the context runs. <c>receive</c> gets the receiver's logger, so it travels to an executor
/// without one, and the receiver to store into; it returns when the stream ends or the receiver stops.
/// </summary>
internal sealed class SocketReceiver<T>(string host, int port, Action<Stream, ILogger, Receiver<T>, CancellationToken> receive) : Receiver<T>
{
    /// <summary>A receiver that stores each record <paramref name="converter"/> reads, one at a time.</summary>
    public static SocketReceiver<T> OfRecords(string host, int port, Func<Stream, ILogger, CancellationToken, IEnumerable<T>> converter)
        => new(host, port, (stream, logger, receiver, token) =>
        {
            foreach (var record in converter(stream, logger, token))
            {
                if (receiver.IsStopped)
                {
                    return;
                }

                receiver.Store(record);
            }
        });

    private volatile TcpClient? _client;
    private CancellationTokenSource? _stopping;

    public override void OnStart()
    {
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        new Thread(() => Receive(token)) { IsBackground = true, Name = $"sluice-socket-receiver-{host}:{port}" }.Start();
    }

    public override void OnStop()
    {
        // Closing the socket ends a blocking read on the reading thread; it then sees IsStopped and returns.
        _stopping?.Cancel();
        _client?.Dispose();
    }

    private void Receive(CancellationToken token)
    {
        try
        {
            using var client = new TcpClient();
            _client = client;
            client.ConnectAsync(host, port, token).AsTask().GetAwaiter().GetResult();
            using var stream = client.GetStream();
            receive(stream, Logger, this, token);
            if (!IsStopped)
            {
                Restart($"Socket data stream from {host}:{port} had no more data (the server closed the connection)");
            }
        }
        catch (Exception error) when (IsStopped || token.IsCancellationRequested)
        {
            _ = error; // Stopping closed the socket under the reading thread: not a failure.
        }
        catch (SocketException error) when (error.SocketErrorCode is SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData)
        {
            Restart($"Error connecting to {host}:{port}: {error.Message}. Check the host name.", error);
        }
        catch (SocketException error)
        {
            Restart($"Error connecting to {host}:{port}: {error.Message}. Is a server listening there (for example `nc -lk {port}`)?", error);
        }
        catch (Exception error)
        {
            Restart($"Error receiving data from {host}:{port}: {error.Message}", error);
        }
        finally
        {
            _client = null;
        }
    }
}
