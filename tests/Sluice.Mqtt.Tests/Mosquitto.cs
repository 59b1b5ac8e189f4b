using Sluice.TestSupport;

namespace Sluice.Mqtt.Tests;

/// <summary>
/// A mosquitto broker on 127.0.0.1, its persistence under a temporary directory, killed with its directory when
/// disposed; <see cref="Stop"/> and <see cref="StartAsync"/> take it down and bring it back on the same port.
/// </summary>
public sealed class Mosquitto : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-mosquitto-").FullName;
    private ChildProcess? _broker;

    private Mosquitto(string? user, string? password)
    {
        Port = Loopback.FreePort();
        var config = new List<string>
        {
            "user root", // as root, mosquitto would otherwise switch to its own user, which cannot write here
            $"listener {Port} 127.0.0.1",
            "persistence true",
            $"persistence_location {_directory}/",
            "max_queued_messages 100000",
        };
        if (user is null)
        {
            config.Add("allow_anonymous true");
        }
        else
        {
            var passwords = Path.Combine(_directory, "passwords");
            Run("mosquitto_passwd", ["-b", "-c", passwords, user, password!]);
            config.AddRange(["allow_anonymous false", $"password_file {passwords}"]);
        }

        File.WriteAllLines(ConfigPath, config);
    }

    public int Port { get; }

    private string ConfigPath => Path.Combine(_directory, "mosquitto.conf");

    /// <summary>Starts a broker that lets anyone in, or only <paramref name="user"/> with <paramref name="password"/>.</summary>
    public static async Task<Mosquitto> StartAsync(string? user = null, string? password = null)
    {
        var broker = new Mosquitto(user, password);
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

    /// <summary>Starts the broker (again), with what it persisted.</summary>
    public async Task StartAsync()
    {
        _broker = ChildProcess.Start("mosquitto", ["-c", ConfigPath]);
        await Loopback.WaitUntilListening(Port, server: _broker);
    }

    /// <summary>Stops the broker gracefully (SIGTERM): it saves its sessions and queued messages first.</summary>
    public async Task StopAsync()
    {
        _broker!.Signal("TERM");
        await _broker.WaitForExitAsync();
        _broker.Dispose();
        _broker = null;
    }

    /// <summary>Publishes each of <paramref name="lines"/> as one message with mosquitto_pub, the outside client, and waits until all are sent.</summary>
    public void Publish(string topic, IEnumerable<string> lines, int qos = 1)
    {
        var file = Path.Combine(_directory, $"publish-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(file, lines);
        Run("sh", ["-c", $"mosquitto_pub -h 127.0.0.1 -p {Port} -t '{topic}' -q {qos} -l < '{file}'"]);
    }

    /// <summary>A mosquitto_pub that publishes each line written to its standard input as a message, at QoS 1, as the line comes.</summary>
    public ChildProcess Publisher(string topic)
    {
        var publisher = ChildProcess.Start("mosquitto_pub", ["-h", "127.0.0.1", "-p", $"{Port}", "-t", topic, "-q", "1", "-l"], redirectInput: true);
        publisher.Input.AutoFlush = true;
        return publisher;
    }

    /// <summary>Publishes one message of raw bytes.</summary>
    public void Publish(string topic, byte[] payload)
    {
        var file = Path.Combine(_directory, $"publish-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(file, payload);
        Run("mosquitto_pub", ["-h", "127.0.0.1", "-p", $"{Port}", "-t", topic, "-q", "1", "-f", file]);
    }

    public void Dispose()
    {
        _broker?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

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
