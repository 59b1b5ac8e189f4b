using Akka.Actor;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sluice.Cluster.Membership;

/// <summary>
/// An executor's membership in its application's cluster: joins the driver, registers its slots and block address
/// with the proof of the secret and its build, and ends when it leaves the cluster (the driver stopped, was cut off,
/// or took it for lost).
/// </summary>
public sealed class ClusterExecutor : IAsyncDisposable
{
    private readonly ClusterNode _node;

    private ClusterExecutor(ClusterNode node, Task completion)
    {
        _node = node;
        Completion = completion;
    }

    /// <summary>Completes when this executor is no longer a member of the driver's cluster.</summary>
    public Task Completion { get; }

    /// <summary>Joins the driver and registers.</summary>
    /// <exception cref="ExecutorRegistrationException">The driver was not reached in time, or refused this executor; the message says why.</exception>
    public static async Task<ClusterExecutor> StartAsync(ClusterExecutorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Secret);
        ArgumentException.ThrowIfNullOrEmpty(options.Driver);
        var loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = await ClusterNode.StartAsync("executor", options.BindAddress, options.Port, $"akka.tcp://{ClusterNode.SystemName}@{options.Driver}", loggers, system =>
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            cluster.RegisterOnMemberRemoved(() => removed.TrySetResult());
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            await up.Task.WaitAsync(options.RegistrationTimeout, cancellationToken).ConfigureAwait(false);
            var request = new RegisterExecutor(options.ExecutorId, options.Slots, options.BlockAddress.ToString(), BuildIdentity.Of(options.Application), ClusterSecret.Token(options.Secret, ClusterSecret.Membership));
            var reply = await node.System.ActorSelection($"akka.tcp://{ClusterNode.SystemName}@{options.Driver}/user/{DriverActor.Name}")
                .Ask<object>(request, options.RegistrationTimeout, cancellationToken).ConfigureAwait(false);
            if (reply is ExecutorRefused refused)
            {
                throw new ExecutorRegistrationException($"The driver at {options.Driver} refused this executor: {refused.Reason}.");
            }

            ClusterLog.RegisteredWithDriver(loggers.CreateLogger<ClusterExecutor>(), options.Driver, options.ExecutorId, options.Slots);
            return new ClusterExecutor(node, removed.Task);
        }
        catch (Exception error) when (error is TimeoutException or AskTimeoutException)
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw new ExecutorRegistrationException($"No driver answered at {options.Driver} within {options.RegistrationTimeout.TotalSeconds:0.#} s: check that the application's driver runs there and that this machine can reach it (a firewall, the driver's bind address).");
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Leaves the cluster.</summary>
    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
