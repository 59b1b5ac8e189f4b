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
    /// <summary>How long a driver waits for its executors to register before it gives up, saying why.</summary>
    private static readonly TimeSpan ExecutorWait = TimeSpan.FromSeconds(60);

    public static IRemoteCluster Start(SluiceOptions options, Func<string, byte[]?> driverBlocks, Func<int, string?[]> mapOutputs)
        => StartAsync(options, driverBlocks, mapOutputs).GetAwaiter().GetResult();

    private static async Task<IRemoteCluster> StartAsync(SluiceOptions options, Func<string, byte[]?> driverBlocks, Func<int, string?[]> mapOutputs)
    {
        var localCluster = MasterUrl.ParseLocalCluster(options.Master);
        var (host, port) = localCluster is null ? MasterUrl.ParseClusterAddress(options.Master) : ("127.0.0.1", 0);
        var secret = Environment.GetEnvironmentVariable(ExecutorProcess.SecretVariable) is { Length: > 0 } given ? given
            : localCluster is not null ? Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) // its own processes only
            : throw new InvalidOperationException($"The master '{options.Master}' lets executors join from other machines, so it needs a shared secret: set {ExecutorProcess.SecretVariable} to the same value for the driver and every executor.");
        var loggers = options.LoggerFactory ?? Logging.StandardErrorLoggerFactory.Instance;
        var logger = loggers.CreateLogger("Sluice.Cluster");
        var served = new DriverBlocks(driverBlocks);
        var blocks = await BlockServer.StartAsync(served, new BlockServerOptions { BindAddress = IPAddress.Parse(host), Secret = secret }).ConfigureAwait(false);
        ClusterDriver driver;
        try
        {
            driver = await ClusterDriver.StartAsync(new ClusterDriverOptions
            {
                BindAddress = host,
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

        var scheduler = new ClusterScheduler(driver, blocks, served, new BlockFetcher(secret), ExecutorWait, logger);
        try
        {
            driver.System.ActorOf(Akka.Actor.Props.Create(() => new MapOutputsActor(mapOutputs, scheduler.BlockAddressOf)), MapOutputsActor.Name);
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
}
