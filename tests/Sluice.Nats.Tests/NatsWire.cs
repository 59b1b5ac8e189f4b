using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Sluice.Nats.Tests;

/// <summary>
/// The NATS text protocol over a socket (INFO, CONNECT, PUB, SUB, MSG, PING, PONG), as the tests' outside client:
/// Debian has no NATS command-line client, and the connector's own library should not be its own witness.
/// </summary>
public sealed class NatsWire : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly BufferedStream _input;
    private int _inboxes;

    private NatsWire(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _input = new BufferedStream(_stream);
        _stream.ReadTimeout = 30_000;
    }

    public static NatsWire Connect(int port, string? user = null, string? password = null)
    {
        var wire = new NatsWire(new TcpClient("127.0.0.1", port));
        wire.ReadLine(); // INFO {...}
        var credentials = user is null ? "" : $",\"user\":\"{user}\",\"pass\":\"{password}\"";
        wire.Write($"CONNECT {{\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true{credentials}}}\r\n");
        wire.Flush();
        return wire;
    }

    /// <summary>Publishes each payload on core NATS, and returns once the server has read them all.</summary>
    public void Publish(string subject, IEnumerable<byte[]> payloads)
    {
        foreach (var payload in payloads)
        {
            Write($"PUB {subject} {payload.Length}\r\n");
            _stream.Write(payload);
            Write("\r\n");
        }

        Flush();
    }

    /// <summary>Publishes each payload with a reply inbox, and waits for every reply (JetStream's acknowledgements); fails on an error reply.</summary>
    public void PublishAcknowledged(string subject, IEnumerable<byte[]> payloads)
    {
        var inbox = Subscribe();
        var sent = 0;
        foreach (var payload in payloads)
        {
            Write($"PUB {subject} {inbox} {payload.Length}\r\n");
            _stream.Write(payload);
            Write("\r\n");
            sent++;
        }

        for (var i = 0; i < sent; i++)
        {
            var reply = ReadMessage();
            if (!reply.Contains("\"seq\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"JetStream did not store a message published to {subject}: {reply}");
            }
        }
    }

    /// <summary>Sends a request and returns the reply's payload.</summary>
    public string Request(string subject, string payload)
    {
        var inbox = Subscribe();
        var bytes = Encoding.UTF8.GetBytes(payload);
        Write($"PUB {subject} {inbox} {bytes.Length}\r\n");
        _stream.Write(bytes);
        Write("\r\n");
        return ReadMessage();
    }

    public void Dispose() => _client.Dispose();

    private string Subscribe()
    {
        var sid = ++_inboxes;
        var inbox = $"_INBOX.wire.{Guid.NewGuid():N}";
        Write($"SUB {inbox} {sid}\r\n");
        return inbox;
    }

    /// <summary>Sends PING and reads up to the PONG: the server has read everything before it.</summary>
    private void Flush()
    {
        Write("PING\r\n");
        while (ReadLine() is var line && line != "PONG")
        {
            if (line.StartsWith("-ERR", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The NATS server said {line}");
            }
        }
    }

    /// <summary>The next MSG's (or HMSG's) payload, answering PINGs on the way.</summary>
    private string ReadMessage()
    {
        while (true)
        {
            var line = ReadLine();
            if (line == "PING")
            {
                Write("PONG\r\n");
                continue;
            }

            if (line.StartsWith("-ERR", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The NATS server said {line}");
            }

            if (line.StartsWith("MSG ", StringComparison.Ordinal) || line.StartsWith("HMSG ", StringComparison.Ordinal))
            {
                var total = int.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                var payload = new byte[total + 2];
                _input.ReadExactly(payload);
                return Encoding.UTF8.GetString(payload, 0, total);
            }
        }
    }

    private void Write(string text) => _stream.Write(Encoding.ASCII.GetBytes(text));

    private string ReadLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            var next = _input.ReadByte();
            if (next < 0)
            {
                throw new IOException($"The NATS server closed the connection after '{line}'.");
            }

            if (next == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)next);
        }
    }
}
