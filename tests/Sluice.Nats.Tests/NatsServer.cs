using Sluice.TestSupport;

namespace Sluice.Nats.Tests;

/// <summary>
/// A nats-server with JetStream on 127.0.0.1, its storage under a temporary directory with small limits, killed with
/// the directory when disposed; <see cref="StopAsync"/> and <see cref="StartAsync"/> take it down and bring it back
/// on the same port. <see cref="NatsWire"/>, the NATS text protocol over a socket, is the outside client.
/// </summary>
public sealed class NatsServer : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-nats-").FullName;
    private ChildProcess? _server;

    private NatsServer(string? user, string? password)
    {
        Port = Loopback.FreePort();
        var config = new List<string>
        {
            $"listen: 127.0.0.1:{Port}",
            $"jetstream {{ store_dir: \"{_directory}/jetstream\", max_memory_store: 67108864, max_file_store: 268435456 }}",
        };
        if (user is not null)
        {
            config.Add($"authorization {{ user: {user}, password: {password} }}");
        }

        File.WriteAllLines(ConfigPath, config);
        (User, Password) = (user, password);
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    private string? User { get; }

    private string? Password { get; }

    private string ConfigPath => Path.Combine(_directory, "nats.conf");

    /// <summary>Starts a server that lets anyone in, or only <paramref name="user"/> with <paramref name="password"/>.</summary>
    public static async Task<NatsServer> StartNewAsync(string? user = null, string? password = null)
    {
        var server = new NatsServer(user, password);
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts the server (again), with what JetStream stored.</summary>
    public async Task StartAsync()
    {
        _server = ChildProcess.Start("nats-server", ["-c", ConfigPath]);
        await Loopback.WaitUntilListening(Port, server: _server);
    }

    /// <summary>Stops the server gracefully (SIGTERM) and waits until it has.</summary>
    public async Task StopAsync()
    {
        _server!.Signal("TERM");
        await _server.WaitForExitAsync();
        _server.Dispose();
        _server = null;
    }

    /// <summary>A client of the outside, on the text protocol.</summary>
    public NatsWire Client() => NatsWire.Connect(Port, User, Password);

    /// <summary>Creates a JetStream stream over <paramref name="subjects"/>, with <paramref name="extra"/> JSON fields (limits).</summary>
    public void CreateStream(string name, string subjects, string extra = "")
    {
        using var client = Client();
        var reply = client.Request($"$JS.API.STREAM.CREATE.{name}", $"{{\"name\":\"{name}\",\"subjects\":[\"{subjects}\"],\"storage\":\"file\"{extra}}}");
        if (reply.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Creating stream {name} failed: {reply}");
        }
    }

    /// <summary>Publishes each of <paramref name="lines"/> to a subject a JetStream stream stores, and waits until JetStream acknowledged each.</summary>
    public void PublishToStream(string subject, IEnumerable<string> lines)
    {
        using var client = Client();
        client.PublishAcknowledged(subject, lines.Select(System.Text.Encoding.UTF8.GetBytes));
    }

    public void Dispose()
    {
        try
        {
            _server?.Dispose();
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
