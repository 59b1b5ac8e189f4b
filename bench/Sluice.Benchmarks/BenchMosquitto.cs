using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sluice.Benchmarks;

/// <summary>A mosquitto broker on a free port of 127.0.0.1 for one round, its data in a temporary directory; killed when disposed.</summary>
internal sealed class BenchMosquitto : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-bench-mosquitto-").FullName;
    private readonly Process _broker;

    public BenchMosquitto()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var config = Path.Combine(_directory, "mosquitto.conf");

        // Offline sessions keep every message (mosquitto keeps 1,000 by default), so a backlog can be published first.
        File.WriteAllLines(config, ["user root", $"listener {Port} 127.0.0.1", "allow_anonymous true", "max_queued_messages 0", "max_queued_bytes 0"]);
        _broker = Process.Start(new ProcessStartInfo("mosquitto", ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("mosquitto did not start: install it (apt-get install mosquitto).");
        for (var attempt = 0; attempt < 500; attempt++)
        {
            try
            {
                using var client = new TcpClient("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(10);
            }
        }

        throw new TimeoutException($"mosquitto did not listen on 127.0.0.1:{Port} within 5 s.");
    }

    public int Port { get; }

    public void Dispose()
    {
        _broker.Kill();
        _broker.WaitForExit();
        _broker.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
