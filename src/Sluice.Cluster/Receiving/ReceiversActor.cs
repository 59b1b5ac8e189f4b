using Akka.Actor;
using Sluice.Datasets.Executors.Remote;

namespace Sluice.Cluster.Receiving;

/// <summary>
/// The driver's receiver tracker as executors reach it: a receiver starting, its blocks stored (acknowledged once the
/// tracker has them) and what happens to it, handed to the engine's endpoint; and where an executor holding a
/// received block serves it.
/// </summary>
internal sealed class ReceiversActor : ReceiveActor
{
    public const string Name = "sluice-receivers";

    public ReceiversActor(Func<IReceiverEndpoint?> endpoint, Func<string, Uri?> blockAddress)
    {
        Receive<ReceiverStarting>(starting => Answer(() =>
        {
            var launch = Endpoint(endpoint).Starting(starting.StreamId, starting.ExecutorId);
            var replicas = Addressed(launch.Replicas, blockAddress);
            return new ReceiverStartAnswer(launch.FirstSequence, replicas.Ids, replicas.Addresses, launch.Rate);
        }));
        Receive<GetReplicas>(request => Answer(() => Addressed(Endpoint(endpoint).Replicas(request.ExecutorId), blockAddress)));
        Receive<BlockStored>(stored => Answer(() =>
        {
            Endpoint(endpoint).BlockStored(stored.StreamId, stored.Sequence, stored.Records, stored.Holders);
            return new BlockTaken(stored.StreamId, stored.Sequence);
        }));
        Receive<ReceiverEvent>(report => Endpoint(endpoint).Reported(report));
        Receive<GetBlockAddress>(request => Sender.Tell(new BlockAddress(request.ExecutorId, blockAddress(request.ExecutorId)?.ToString())));
    }

    private static Replicas Addressed(IReadOnlyList<string> executors, Func<string, Uri?> blockAddress)
    {
        var known = executors.Select(id => (Id: id, Address: blockAddress(id))).Where(replica => replica.Address is not null).ToArray();
        return new Replicas([.. known.Select(replica => replica.Id)], [.. known.Select(replica => replica.Address!.ToString())]);
    }

    private static IReceiverEndpoint Endpoint(Func<IReceiverEndpoint?> endpoint)
        => endpoint() ?? throw new InvalidOperationException("The driver has no receivers yet.");

    private void Answer(Func<object> answer)
    {
        try
        {
            Sender.Tell(answer());
        }
        catch (InvalidOperationException error)
        {
            Sender.Tell(new Status.Failure(error));
        }
    }
}
