using Akka.Actor;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sluice.Cluster.Membership;

/// <summary>
/// The driver's membership in its application's cluster: executors join it, register their slots and block
/// addresses, and are refused when they do not know the secret or run another build; an executor that stops
/// answering heartbeats or leaves is reported lost.
/// </summary>
public sealed class ClusterDriver : IAsyncDisposable
{
    private readonly ClusterNode _node;
    private readonly ExecutorRoster _roster;

    private ClusterDriver(ClusterNode node, ExecutorRoster roster)
    {
        _node = node;
        _roster = roster;
    }

    /// <summary>An executor was registered.</summary>
    public event Action<ExecutorInfo>? ExecutorRegistered
    {
        add => _roster.Registered += value;
        remove => _roster.Registered -= value;
    }

    /// <summary>An executor was lost, and why.</summary>
    public event Action<ExecutorInfo, string>? ExecutorLost
    {
        add => _roster.Lost += value;
        remove => _roster.Lost -= value;
    }

    /// <summary>An executor was refused, and why.</summary>
    public event Action<string>? ExecutorRefused
    {
        add => _roster.Refused += value;
        remove => _roster.Refused -= value;
    }

    /// <summary>Where executors join: <c>HOST:PORT</c>, for <c>sluice executor --driver</c>.</summary>
    public string Address => $"{_node.Address.Host}:{_node.Address.Port}";

    /// <summary>The actor system of the driver's membership, for the scheduler's own actors.</summary>
    internal ActorSystem System => _node.System;

    /// <summary>The executors registered and not lost.</summary>
    public IReadOnlyList<ExecutorInfo> Executors => _roster.Executors;

    /// <summary>Loses an executor known to be gone (its process ended) without waiting for the failure detector, and downs it.</summary>
    internal void Lose(string executorId, string reason) => _node.System.ActorSelection($"/user/{DriverActor.Name}").Tell(new LoseExecutor(executorId, reason));

    /// <summary>Starts listening for executors.</summary>
    public static async Task<ClusterDriver> StartAsync(ClusterDriverOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Secret);
        ArgumentNullException.ThrowIfNull(options.Application);
        var loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger<ClusterDriver>();
        var roster = new ExecutorRoster();
        roster.Registered += executor => ClusterLog.ExecutorRegistered(logger, executor.Id, executor.Slots, executor.BlockAddress, executor.Address);
        roster.Lost += (executor, reason) => ClusterLog.ExecutorLost(logger, executor.Id, executor.Address, reason);
        roster.Refused += reason => ClusterLog.ExecutorRefused(logger, reason);
        var build = BuildIdentity.Of(options.Application);
        var token = ClusterSecret.Token(options.Secret, ClusterSecret.Membership);
        var node = await ClusterNode.StartAsync("driver", options.BindAddress, options.PublicHost, options.Port, seed: null, loggers,
            system => system.ActorOf(Props.Create(() => new DriverActor(build, token, roster, options.BlockAddress)), DriverActor.Name), cancellationToken).ConfigureAwait(false);
        var driver = new ClusterDriver(node, roster);
        ClusterLog.DriverStarted(logger, driver.Address);
        return driver;
    }

    /// <summary>Leaves the cluster.</summary>
    public ValueTask DisposeAsync()
    {
        _roster.Close();
        return _node.DisposeAsync();
    }
}
