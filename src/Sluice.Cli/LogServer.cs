using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sluice.Cli;

/// <summary>
/// Serves a text file's lines over TCP on 127.0.0.1, cycling through the file at a fixed line rate, to every
/// client that connects: what <c>cat log | nc -lk PORT</c> does for Spark's example, inside the process. Or lines
/// made as they are sent, from the line's number and the time since the client connected (generated data).
/// </summary>
internal sealed class LogServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<long, TimeSpan, byte[]> _line;
    private readonly int _linesPerSecond;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    public LogServer(string[] lines, int linesPerSecond, int port = 0)
        : this(Cycle([.. lines.Select(line => Encoding.UTF8.GetBytes(line + "\n"))]), linesPerSecond, port)
    {
    }

    public LogServer(Func<long, TimeSpan, byte[]> line, int linesPerSecond, int port = 0)
    {
        _line = line;
        _linesPerSecond = linesPerSecond;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_stopping.Token);
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var clock = Stopwatch.StartNew();
                long sent = 0;
                var buffer = new MemoryStream();
                while (!cancellationToken.IsCancellationRequested)
                {
                    // Pace by the rate: send what is due by now, in one write (small writes cost a system call each).
                    var due = (long)(clock.Elapsed.TotalSeconds * _linesPerSecond) + 1;
                    for (; sent < due; sent++)
                    {
                        buffer.Write(_line(sent, clock.Elapsed));
                    }

                    await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
                    buffer.SetLength(0);
                    await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception error) when (error is IOException or SocketException or OperationCanceledException)
            {
                // The client went away or the server is stopping.
            }
        }
    }

    private static Func<long, TimeSpan, byte[]> Cycle(byte[][] lines) => (number, _) => lines[number % lines.Length];
}
