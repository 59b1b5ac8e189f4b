using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sluice.Database.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's postgresql package on 127.0.0.1 and a free port, run as the
/// postgres user (initdb refuses root), with fsync off; removed when the tests end. It can be stopped and started
/// again, to test a database that goes away.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"sluice-pg-{Guid.NewGuid():N}");
    private string _bin = "";
    private int _port;

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Pooling=false;Timeout=5";

    public async Task InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin")).Where(bin => File.Exists(Path.Combine(bin, "initdb"))).Order().LastOrDefault() ?? ""
            : "";
        Assert.True(_bin.Length > 0, "The PostgreSQL tests need Debian's postgresql package (test.sh installs it).");
        Directory.CreateDirectory(_data);
        await RunAsync("chown", "postgres", _data);
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(_bin, "initdb"), "-D", _data, "-A", "trust", "-U", "postgres", "--no-sync");
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_data, recursive: true);
    }

    public Task StartAsync()
        => RunAsync("runuser", "-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", _data, "-l", Path.Combine(_data, "server.log"),
            "-o", string.Create(CultureInfo.InvariantCulture, $"-c listen_addresses=127.0.0.1 -p {_port} -k /tmp -c fsync=off"), "-w", "start");

    public Task StopAsync()
        => RunAsync("runuser", "-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", _data, "-m", "fast", "-w", "stop");

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output} {await error}");
    }
}
