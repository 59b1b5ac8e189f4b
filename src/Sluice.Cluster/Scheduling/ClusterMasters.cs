using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Sluice.Cluster.Blocks;
using Sluice.Cluster.Executing;
using Sluice.Cluster.Membership;
using Sluice.Datasets;
using Sluice.Datasets.Executors.Remote;
using Sluice.Execution;

namespace Sluice.Cluster.Scheduling;

/// <summary>
/// Where the engine starts a cluster master (it finds this type by name, see the engine's ClusterManagers):
/// <c>local-cluster[N,C]</c> starts N executor processes of the application on this machine; <c>cluster://HOST:PORT</c>
/// listens there for executors started anywhere (<c>sluice executor --driver HOST:PORT</c>).
/// </summary>
internal static class ClusterMasters
{
    /// <summary>For <c>cluster://HOST:PORT</c>: the address to listen on when HOST is a name that resolves elsewhere (0.0.0.0 behind a Kubernetes service).</summary>
    public const string BindVariable = "SLUICE_CLUSTER_BIND";

    /// <summary>For <c>cluster://HOST:PORT</c>: the port of the driver's block server (by default one the system chooses), for a service to expose.</summary>
    public const string BlockPortVariable = "SLUICE_CLUSTER_BLOCK_PORT";

    /// <summary>How long a driver waits for its executors to register before it gives up, saying why.</summary>
    private static readonly TimeSpan ExecutorWait = TimeSpan.FromSeconds(60);

    public static IRemoteCluster Start(SluiceOptions options, Func<string, byte[]?> driverBlocks, Func<int, string?[]> mapOutputs)
        => StartAsync(options, driverBlocks, mapOutputs).GetAwaiter().GetResult();

    private static async Task<IRemoteCluster> StartAsync(SluiceOptions options, Func<string, byte[]?> driverBlocks, Func<int, string?[]> mapOutputs)
    {
        var localCluster = MasterUrl.ParseLocalCluster(options.Master);
        var (host, port) = localCluster is null ? MasterUrl.ParseClusterAddress(options.Master) : ("127.0.0.1", 0);
        var secret = Environment.GetEnvironmentVariable(ExecutorProcess.SecretVariable) is { Length: > 0 } shared ? shared
            : localCluster is not null ? Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) // its own processes only
            : throw new InvalidOperationException($"The master '{options.Master}' lets executors join from other machines, so it needs a shared secret: set {ExecutorProcess.SecretVariable} to the same value for the driver and every executor.");
        var loggers = options.LoggerFactory ?? Logging.StandardErrorLoggerFactory.Instance;
        var logger = loggers.CreateLogger("Sluice.Cluster");
        var bind = Environment.GetEnvironmentVariable(BindVariable) is { Length: > 0 } given ? given : host;
        var publicHost = bind == host ? null : host;
        var blockPort = int.TryParse(Environment.GetEnvironmentVariable(BlockPortVariable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var chosen) ? chosen : 0;
        var served = new DriverBlocks(driverBlocks);
        var blocks = await BlockServer.StartAsync(served, new BlockServerOptions { BindAddress = ParseAddress(bind, options.Master), PublicHost = publicHost, Port = blockPort, Secret = secret }).ConfigureAwait(false);
        ClusterDriver driver;
        try
        {
            driver = await ClusterDriver.StartAsync(new ClusterDriverOptions
            {
                BindAddress = bind,
                PublicHost = publicHost,
                Port = port,
                Secret = secret,
                Application = Assembly.GetEntryAssembly()!,
                BlockAddress = blocks.Address,
                LoggerFactory = loggers,
            }).ConfigureAwait(false);
        }
        catch
        {
            await blocks.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var scheduler = new ClusterScheduler(driver, blocks, served, new BlockFetcher(secret), mapOutputs, ExecutorWait, logger);
        try
        {
            driver.System.ActorOf(Akka.Actor.Props.Create(() => new MapOutputsActor(mapOutputs, scheduler.BlockAddressOf)), MapOutputsActor.Name);
            driver.System.ActorOf(Akka.Actor.Props.Create(() => new Receiving.ReceiversActor(() => scheduler.Receivers, scheduler.BlockAddressOf)), Receiving.ReceiversActor.Name);
            if (localCluster is var (executors, slots))
            {
                var processes = new ExecutorProcesses(executors, slots, driver.Address, secret, Console.Error, logger);
                scheduler.AwaitExecutors(executors, processes, "Their output above, marked with each executor, says why.");
            }
            else
            {
                await Console.Error.WriteLineAsync(
                    $"Waiting for executors at {driver.Address}, with the same {ExecutorProcess.SecretVariable}: 'sluice executor --driver {driver.Address}' for the command line's own jobs; for an application, the application itself with " +
                    $"{ExecutorProcess.DriverVariable}={driver.Address} and {ExecutorProcess.HookVariable}=<its Sluice.Cluster.dll> (docs/scaling.md).").ConfigureAwait(false);
                scheduler.AwaitExecutors(1, null, $"Start executors with 'sluice executor --driver {driver.Address}' and the same {ExecutorProcess.SecretVariable}.");
            }

            return scheduler;
        }
        catch
        {
            scheduler.Dispose();
            throw;
        }
    }

    private static IPAddress ParseAddress(string bind, string master)
        => IPAddress.TryParse(bind, out var address)
            ? address
            : throw new InvalidOperationException(
                $"The master '{master}' names {bind}, which is not an address to listen on: give the machine's IP address, or set {BindVariable} to the address to listen on (0.0.0.0 for all) and keep the name in the master for executors to join by.");
}
