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
                Sender.Tell(MapOutputs.Of(request.ShuffleId, holders, blockAddress));
            }
            catch (InvalidOperationException error)
            {
                Sender.Tell(new Status.Failure(error));
            }
        });
    }
}
