using Sluice.TestSupport;

namespace Sluice.RabbitMQ.Tests;

/// <summary>
/// A RabbitMQ node on 127.0.0.1 with its own epmd, its data under a temporary directory, both killed with the
/// directory when disposed; <see cref="StopAsync"/> and <see cref="StartAsync"/> take it down and bring it back
/// on the same port. pika (amqp-client.py) is the outside client that declares queues and publishes.
/// </summary>
public sealed class RabbitMQBroker : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-rabbitmq-").FullName;
    private readonly int _epmdPort = Loopback.FreePort();
    private readonly int _distributionPort = Loopback.FreePort();
    private readonly ChildProcess _epmd;
    private ChildProcess? _node;

    private RabbitMQBroker()
    {
        Port = Loopback.FreePort();
        File.WriteAllText(Path.Combine(_directory, "enabled_plugins"), "[].");
        File.WriteAllText(Path.Combine(_directory, "rabbitmq.conf"), "loopback_users = none\n");
        _epmd = ChildProcess.Start("epmd", ["-address", "127.0.0.1", "-port", $"{_epmdPort}"]);
    }

    public int Port { get; }

    public string Url => $"amqp://127.0.0.1:{Port}/";

    /// <summary>Starts a node (about 5 s).</summary>
    public static async Task<RabbitMQBroker> StartNewAsync()
    {
        var broker = new RabbitMQBroker();
        try
        {
            await broker.StartAsync();
            return broker;
        }
        catch
        {
            broker.Dispose();
            throw;
        }
    }

    /// <summary>Starts the node (again), with what it persisted, and waits until it takes connections.</summary>
    public async Task StartAsync()
    {
        _node = ChildProcess.Start("/usr/lib/rabbitmq/bin/rabbitmq-server", [], environment: new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = $"sluice-{Port}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = $"{Port}",
            ["RABBITMQ_DIST_PORT"] = $"{_distributionPort}",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins"),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["ERL_EPMD_PORT"] = $"{_epmdPort}",
        });
        // An Erlang node takes about 5 s to boot here, and several times that on a machine busy with other suites.
        await Loopback.WaitUntilListening(Port, TimeSpan.FromSeconds(60), _node);

        // A booting node can take a connection and close it before it speaks AMQP (the client then sees the transport
        // end): the broker is up once a client's handshake and a declare succeed.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                Declare("sluice-ready");
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline && !_node.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Stops the node gracefully (SIGTERM), and waits until it has.</summary>
    public async Task StopAsync()
    {
        _node!.Signal("TERM");
        await _node.WaitForExitAsync();
        _node.Dispose();
        _node = null;
    }

    public void Declare(string queue, string type = "classic") => Client(["declare", queue, type]);

    /// <summary>Publishes each of <paramref name="lines"/> as one message with pika, the outside client, and waits until the broker confirmed all.</summary>
    public void Publish(string queue, IEnumerable<string> lines)
    {
        var file = Path.Combine(_directory, $"publish-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(file, lines);
        Run("sh", ["-c", $"/usr/bin/python3 '{Script}' {Port} publish '{queue}' < '{file}'"]);
    }

    /// <summary>Publishes one message of raw bytes.</summary>
    public void Publish(string queue, byte[] body) => Client(["publish-hex", queue, Convert.ToHexString(body)]);

    /// <summary>A pika publisher that publishes each line written to its standard input as a message, as the line comes.</summary>
    public ChildProcess Publisher(string queue)
    {
        var publisher = ChildProcess.Start("/usr/bin/python3", ["-u", Script, $"{Port}", "publish", queue], redirectInput: true);
        publisher.Input.AutoFlush = true;
        return publisher;
    }

    public void Dispose()
    {
        try
        {
            _node?.Dispose();
            _epmd.Dispose();
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string Script => Path.Combine(AppContext.BaseDirectory, "amqp-client.py");

    private void Client(string[] arguments) => Run("/usr/bin/python3", [Script, $"{Port}", .. arguments]);

    private static void Run(string program, string[] arguments)
    {
        using var process = ChildProcess.Start(program, arguments);
        var exit = process.WaitForExitAsync().GetAwaiter().GetResult();
        if (exit != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {exit}. {process.Describe()}");
        }
    }
}
