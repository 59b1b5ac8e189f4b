using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sluice.TestSupport;

/// <summary>Ports on 127.0.0.1 for tests that start real servers (netcat) as child processes.</summary>
public static class Loopback
{
    /// <summary>A port nothing listens on right now (the OS picks it; it is free again once this returns).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits until a process listens on the port, read from /proc/net/tcp so no connection is spent on probing: up to
    /// <paramref name="timeout"/> (10 s when omitted) of wall-clock time, or until <paramref name="server"/>, when
    /// given, has ended (its output then says why).
    /// </summary>
    public static async Task WaitUntilListening(int port, TimeSpan? timeout = null, ChildProcess? server = null)
    {
        var local = string.Create(CultureInfo.InvariantCulture, $"0100007F:{port:X4}");
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (File.ReadLines("/proc/net/tcp").Skip(1).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Any(fields => fields[1] == local && fields[3] == "0A"))
            {
                return;
            }

            if (server is { HasExited: true })
            {
                throw new InvalidOperationException($"The server meant to listen on 127.0.0.1:{port} ended first. {server.Describe()}");
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} within {limit.TotalSeconds:0} s.{(server is null ? "" : " " + server.Describe())}");
    }
}
