using Akka.Actor;
using Akka.Cluster;
using Sluice.Cluster.Receiving;
using Sluice.Cluster.Scheduling;
using Sluice.Datasets.Executors.Remote;

namespace Sluice.Cluster.Executing;

/// <summary>
/// An executor's control endpoint: takes the driver's tasks onto the executor's slots and answers each when it is
/// done; drops shuffles, cached datasets and received blocks the driver is finished with; passes back-pressure's
/// rate and the stop to the receivers running here; and says when the driver has gone (left, or unreachable), which
/// ends the executor.
/// </summary>
internal sealed class ExecutorActor : ReceiveActor
{
    public const string Name = "sluice-executor";

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);

    public ExecutorActor(ExecutorRuntime runtime, ExecutorPeers peers, ResultBlocks results, Action driverGone)
    {
        Receive<LaunchTask>(launch =>
        {
            var (task, driver) = (launch.Task, Sender);
            foreach (var shuffle in launch.Locations)
            {
                peers.Know(shuffle.ShuffleId, task.Epoch, shuffle.Outputs);
            }

            runtime.Submit(task, outcome => driver.Tell(results.Answer(task.TaskId, outcome)));
        });
        Receive<DropShuffle>(drop => runtime.RemoveShuffle(drop.ShuffleId));
        Receive<DropRdd>(drop => runtime.RemoveRdd(drop.RddId));
        Receive<DropBlocks>(drop => runtime.RemoveBlocks(drop.BlockIds));
        Receive<ReceiverControl>(control =>
        {
            if (control.Stop)
            {
                runtime.Receivers.Stop(control.StreamId);
            }
            else
            {
                runtime.Receivers.SetRate(control.StreamId, control.Rate);
            }
        });
        Receive<ClusterEvent.IMemberEvent>(change =>
        {
            if (change is ClusterEvent.MemberExited or ClusterEvent.MemberRemoved && change.Member.HasRole("driver"))
            {
                driverGone();
            }
        });
        Receive<ClusterEvent.UnreachableMember>(unreachable =>
        {
            if (unreachable.Member.HasRole("driver"))
            {
                driverGone();
            }
        });
    }

    protected override void PreStart() => _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.UnreachableMember));

    protected override void PostStop() => _cluster.Unsubscribe(Self);
}
