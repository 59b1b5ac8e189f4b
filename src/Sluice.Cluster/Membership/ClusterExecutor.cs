using System.Net;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Cluster.Blocks;
using Sluice.Cluster.Executing;
using Sluice.Cluster.Scheduling;
using Sluice.Datasets.Executors.Remote;

namespace Sluice.Cluster.Membership;

/// <summary>
/// An executor process of an application: joins the driver, registers its slots and block address with the proof of
/// the secret and its build, then runs the tasks the driver sends and serves the blocks it holds, until it leaves the
/// cluster (the driver stopped, was cut off, or took it for lost).
/// </summary>
public sealed class ClusterExecutor : IAsyncDisposable
{
    private readonly ClusterNode _node;
    private readonly BlockServer _blocks;
    private readonly ExecutorRuntime _runtime;
    private readonly BlockFetcher _fetcher;

    private ClusterExecutor(ClusterNode node, BlockServer blocks, ExecutorRuntime runtime, BlockFetcher fetcher, Task completion)
    {
        (_node, _blocks, _runtime, _fetcher) = (node, blocks, runtime, fetcher);
        Completion = completion;
    }

    /// <summary>Completes when this executor is no longer a member of the driver's cluster, or the driver has gone.</summary>
    public Task Completion { get; }

    /// <summary>Where this executor serves its blocks to the driver and the other executors.</summary>
    public Uri BlockAddress => _blocks.Address;

    /// <summary>Joins the driver and registers.</summary>
    /// <exception cref="ExecutorRegistrationException">The driver was not reached in time, or refused this executor; the message says why.</exception>
    /// <exception cref="IOException">The bind address cannot be listened on.</exception>
    public static async Task<ClusterExecutor> StartAsync(ClusterExecutorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Secret);
        ArgumentException.ThrowIfNullOrEmpty(options.Driver);
        ArgumentNullException.ThrowIfNull(options.Application);
        var loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var fetcher = new BlockFetcher(options.Secret);
        var peers = new ExecutorPeers(fetcher, options.RegistrationTimeout);
        var runtime = new ExecutorRuntime(options.ExecutorId, options.Slots, options.Application.GetName().Name ?? "sluice", loggers, peers);
        runtime.Context.Residents.Register(new Stateful.MemoryStateStore()); // the state partitions placed here
        var results = new ResultBlocks();
        BlockServer? blocks = null;
        ClusterNode? node = null;
        try
        {
            blocks = await BlockServer.StartAsync(new ExecutorBlocks(runtime, results), new BlockServerOptions { BindAddress = IPAddress.Parse(options.BindAddress), Secret = options.Secret }, cancellationToken).ConfigureAwait(false);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = await ClusterNode.StartAsync("executor", options.BindAddress, publicHost: null, options.Port, $"akka.tcp://{ClusterNode.SystemName}@{options.Driver}", loggers, system =>
            {
                system.ActorOf(Props.Create(() => new ExecutorActor(runtime, peers, results, () => removed.TrySetResult())), ExecutorActor.Name);
                removed.Task.ContinueWith(_ => node?.Quiet(), TaskScheduler.Default);
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.RegisterOnMemberUp(() => up.TrySetResult());
                cluster.RegisterOnMemberRemoved(() => removed.TrySetResult());
            }, cancellationToken).ConfigureAwait(false);
            await up.Task.WaitAsync(options.RegistrationTimeout, cancellationToken).ConfigureAwait(false);
            var driver = $"akka.tcp://{ClusterNode.SystemName}@{options.Driver}/user/";
            var request = new RegisterExecutor(options.ExecutorId, options.Slots, blocks.Address.ToString(), BuildIdentity.Of(options.Application), ClusterSecret.Token(options.Secret, ClusterSecret.Membership));
            var reply = await node.System.ActorSelection(driver + DriverActor.Name).Ask<object>(request, options.RegistrationTimeout, cancellationToken).ConfigureAwait(false);
            if (reply is ExecutorRefused refused)
            {
                throw new ExecutorRegistrationException($"The driver at {options.Driver} refused this executor: {refused.Reason}.");
            }

            var registered = (ExecutorRegistered)reply;
            peers.Connect(node.System.ActorSelection(driver + MapOutputsActor.Name), node.System.ActorSelection(driver + Receiving.ReceiversActor.Name), registered.DriverBlockAddress is { } address ? new Uri(address) : null);
            ClusterLog.RegisteredWithDriver(loggers.CreateLogger<ClusterExecutor>(), options.Driver, options.ExecutorId, options.Slots);
            return new ClusterExecutor(node, blocks, runtime, fetcher, removed.Task);
        }
        catch (Exception error)
        {
            await Release(node, blocks, runtime, fetcher).ConfigureAwait(false);
            if (error is TimeoutException or AskTimeoutException)
            {
                throw new ExecutorRegistrationException($"No driver answered at {options.Driver} within {options.RegistrationTimeout.TotalSeconds:0.#} s: check that the application's driver runs there and that this machine can reach it (a firewall, the driver's bind address).");
            }

            throw;
        }
    }

    /// <summary>
    /// Leaves the cluster, and stops running tasks and serving blocks. Once the driver has gone there is no one to
    /// leave: Akka's leaving would wait for its timeouts (tens of seconds), so the executor gives it two.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var releasing = Release(_node, _blocks, _runtime, _fetcher).AsTask();
        if (Completion.IsCompleted)
        {
            await Task.WhenAny(releasing, Task.Delay(DriverGoneLeaveTimeout)).ConfigureAwait(false);
            return;
        }

        await releasing.ConfigureAwait(false);
    }

    private static readonly TimeSpan DriverGoneLeaveTimeout = TimeSpan.FromSeconds(2);

    private static async ValueTask Release(ClusterNode? node, BlockServer? blocks, ExecutorRuntime runtime, BlockFetcher fetcher)
    {
        if (node is not null)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }

        if (blocks is not null)
        {
            await blocks.DisposeAsync().ConfigureAwait(false);
        }

        runtime.Dispose();
        fetcher.Dispose();
    }
}
