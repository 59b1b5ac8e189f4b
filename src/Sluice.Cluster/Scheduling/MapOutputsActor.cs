using Akka.Actor;

namespace Sluice.Cluster.Scheduling;

/// <summary>The driver's map-output tracker as executors reach it: where each map output of a shuffle is, and where those executors serve blocks.</summary>
internal sealed class MapOutputsActor : ReceiveActor
{
    public const string Name = "sluice-map-outputs";

    public MapOutputsActor(Func<int, string?[]> holders, Func<string, Uri?> blockAddress)
    {
        Receive<GetMapOutputs>(request =>
        {
            try
            {
                var found = holders(request.ShuffleId);
                var addresses = found.OfType<string>().Distinct().Select(id => (id, address: blockAddress(id)))
                    .Where(holder => holder.address is not null).ToDictionary(holder => holder.id, holder => holder.address!.ToString());
                Sender.Tell(new MapOutputs(found, addresses));
            }
            catch (InvalidOperationException error)
            {
                Sender.Tell(new Status.Failure(error));
            }
        });
    }
}
