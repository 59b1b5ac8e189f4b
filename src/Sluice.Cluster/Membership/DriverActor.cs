using Akka.Actor;
using Akka.Cluster;

namespace Sluice.Cluster.Membership;

/// <summary>
/// The driver's side of membership: takes an executor that proves the secret and runs the same build, refuses (and
/// downs) one that does not, and reports an executor lost when it becomes unreachable or leaves; a lost executor is
/// downed, so it never comes back with stale blocks.
/// </summary>
internal sealed class DriverActor : ReceiveActor
{
    public const string Name = "sluice-driver";

    private readonly Dictionary<Akka.Actor.Address, ExecutorInfo> _executors = [];
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ExecutorRoster _roster;

    public DriverActor(string build, string secretToken, ExecutorRoster roster, Uri? blockAddress)
    {
        _roster = roster;
        Receive<RegisterExecutor>(request =>
        {
            var address = Sender.Path.Address;
            var refusal = !ClusterSecret.Matches(request.SecretToken, secretToken)
                ? $"executor {request.ExecutorId} at {address} does not know this application's cluster secret: give the driver and every executor the same secret"
                : request.Build != build
                    ? $"executor {request.ExecutorId} at {address} runs another build ({request.Build}) than the driver ({build}): start executors from the driver's own build"
                    : null;
            if (refusal is not null)
            {
                Sender.Tell(new ExecutorRefused(refusal));
                _roster.Refuse(refusal);
                _cluster.Down(address);
                return;
            }

            var executor = new ExecutorInfo(request.ExecutorId, request.Slots, new Uri(request.BlockAddress), address.ToString());
            _executors[address] = executor;
            _roster.Add(executor);
            Sender.Tell(new ExecutorRegistered(request.ExecutorId, blockAddress?.ToString()));
        });
        Receive<ClusterEvent.UnreachableMember>(unreachable =>
        {
            Lose(unreachable.Member.Address, "unreachable: no heartbeat for more than 4 s (the process died, or the network between it and the driver failed)");
            _cluster.Down(unreachable.Member.Address);
        });
        Receive<ClusterEvent.MemberRemoved>(removed => Lose(removed.Member.Address, "it left the cluster"));
        Receive<LoseExecutor>(gone =>
        {
            if (_executors.FirstOrDefault(executor => executor.Value.Id == gone.ExecutorId) is { Value: not null } found)
            {
                Lose(found.Key, gone.Reason);
                _cluster.Down(found.Key);
            }
        });
    }

    protected override void PreStart() => _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Lose(Akka.Actor.Address address, string reason)
    {
        if (_executors.Remove(address, out var executor))
        {
            _roster.Lose(executor, reason);
        }
    }
}
