using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sluice.Cluster.Membership;

/// <summary>
/// One process's membership in an application's Akka.Cluster, on Akka.Hosting: the driver (role <c>driver</c>, the
/// cluster's first member) or an executor (role <c>executor</c>, joining the driver). Failures are detected by
/// heartbeats (a member silent for about 4 s is unreachable); the split brain resolver keeps the side with the
/// driver (keep-oldest on the driver role, never downing the driver for being alone), so an executor cut off from
/// its driver downs itself rather than going on alone (docs/adr/0006).
/// </summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    public const string SystemName = "sluice";

    /// <summary>The largest control message: the map-output locations of a shuffle of about 100,000 map partitions.</summary>
    private const int MaxFrameSize = 4 * 1024 * 1024;

    private readonly IHost _host;
    private readonly AkkaLoggers _akkaLoggers;

    private ClusterNode(IHost host, ActorSystem system, AkkaLoggers akkaLoggers)
    {
        _host = host;
        System = system;
        _akkaLoggers = akkaLoggers;
    }

    public ActorSystem System { get; }

    /// <summary>This member's address, <c>akka.tcp://sluice@HOST:PORT</c>.</summary>
    public Akka.Actor.Address Address => Akka.Cluster.Cluster.Get(System).SelfAddress;

    /// <summary>
    /// Starts the member: <paramref name="seed"/> is the driver's address to join, or null for the driver itself;
    /// <paramref name="publicHost"/> the name others reach it at, when not its bind address.
    /// </summary>
    public static async Task<ClusterNode> StartAsync(string role, string bindAddress, string? publicHost, int port, string? seed, ILoggerFactory loggers, Action<ActorSystem> started, CancellationToken cancellationToken)
    {
        var akkaLoggers = new AkkaLoggers(loggers);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton<IHostLifetime, HostedByTheApplication>();
        builder.Services.AddAkka(SystemName, akka => akka
            .ConfigureLoggers(logging =>
            {
                // Akka's warnings repeat every few seconds while a peer is away (association errors, gated addresses,
                // seed nodes not joined), in its own terms; Sluice says what the user needs (ClusterLog) instead.
                logging.LogLevel = Akka.Event.LogLevel.ErrorLevel;
                logging.ClearLoggers();
                logging.AddLoggerFactory(akkaLoggers);
            })
            // A peer going away is said by the membership events, in Sluice's words. Write batching trades latency for
            // throughput of many small messages; tasks are few and each waits for its answer, so every write goes out now.
            // The member is stopped with its context, not by a process-exit hook of Akka's own, which would hold an
            // exiting process for the cluster-leave timeouts when the driver is already gone.
            .AddHocon(
                """
                akka.remote.log-remote-lifecycle-events = off
                akka.remote.dot-netty.tcp.batching.enabled = false
                akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
                """,
                HoconAddMode.Prepend)
            // Blocks never ride Akka (ADR 0006), but the map-output locations of a shuffle of many thousand map
            // partitions can pass Akka's default frame of 128,000 bytes, over which a message is dropped unseen.
            .WithRemoting(new RemoteOptions { HostName = bindAddress, PublicHostName = publicHost, Port = port, MaxFrameSize = MaxFrameSize })
            .WithClustering(new ClusterOptions
            {
                Roles = [role],
                SeedNodes = seed is null ? null : [seed],
                LogInfo = false,
                SplitBrainResolver = new KeepOldestOption { Role = "driver", DownIfAlone = false },
                FailureDetector = new PhiAccrualFailureDetectorOptions { HeartbeatInterval = TimeSpan.FromSeconds(1), AcceptableHeartbeatPause = TimeSpan.FromSeconds(3) },
            })
            .WithActors((system, _) =>
            {
                if (seed is null)
                {
                    var cluster = Akka.Cluster.Cluster.Get(system);
                    cluster.Join(cluster.SelfAddress);
                }

                started(system);
            }));
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new ClusterNode(host, host.Services.GetRequiredService<ActorSystem>(), akkaLoggers);
    }

    /// <summary>This member's part is ending (its driver has gone): what Akka says of peers closing is no longer news.</summary>
    public void Quiet() => _akkaLoggers.Quiet();

    /// <summary>Leaves the cluster and stops the actor system.</summary>
    public async ValueTask DisposeAsync()
    {
        Quiet();
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
