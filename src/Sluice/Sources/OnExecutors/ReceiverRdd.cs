using Sluice.Datasets;
using Sluice.Execution;

namespace Sluice.Sources.OnExecutors;

/// <summary>
/// A receiver as a job, as Spark starts receivers: one partition, whose task runs the receiver on an executor and
/// holds that slot until the receiver stops; the task's value is the number of blocks it stored. The receiver is
/// placed like a state partition: on the executor with the fewest placed partitions, moved only when it is lost.
/// </summary>
internal sealed class ReceiverRdd<T>(SluiceContext context, Receiver<T> receiver, ReceiverSettings settings) : Rdd<long>(context, "receiver"), IPlacedRdd
{
    public override int PartitionCount => 1;

    internal override IReadOnlyList<Dependency> Dependencies => [];

    public PartitionKey? PlacementOf(int partition) => PartitionKey.Receiver(receiver.StreamId);

    internal override IEnumerable<long> Compute(int partition, TaskContext context)
    {
        var runtime = Context.Runtime
            ?? throw new InvalidOperationException($"The receiver of stream {receiver.StreamId} runs on executor processes only; on the driver its supervisor runs it.");
        var supervisor = new ExecutorReceiverSupervisor<T>(receiver, settings, runtime);
        return [supervisor.Run(context.CancellationToken)];
    }
}
