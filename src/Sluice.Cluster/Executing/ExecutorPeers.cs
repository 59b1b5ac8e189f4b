using System.Collections.Concurrent;
using Akka.Actor;
using Sluice.Cluster.Blocks;
using Sluice.Cluster.Scheduling;
using Sluice.Datasets.Executors.Remote;

namespace Sluice.Cluster.Executing;

/// <summary>
/// The driver and the other executors as an executor process reaches them: map-output locations asked of the
/// driver's tracker (kept per shuffle until the driver's epoch moves on), and blocks fetched over the data channel.
/// </summary>
internal sealed class ExecutorPeers(BlockFetcher fetcher, TimeSpan askTimeout) : IExecutorPeers
{
    private readonly ConcurrentDictionary<int, string?[]> _locations = new();
    private readonly ConcurrentDictionary<string, Uri> _blockAddresses = new();
    private readonly Lock _epochGate = new();
    private long _epoch;
    private ActorSelection? _tracker;
    private Uri? _driverBlocks;

    /// <summary>Reaches the driver: its tracker at <paramref name="tracker"/>, its blocks at <paramref name="driverBlocks"/>.</summary>
    public void Connect(ActorSelection tracker, Uri? driverBlocks) => (_tracker, _driverBlocks) = (tracker, driverBlocks);

    public string?[] MapOutputLocations(int shuffleId, long epoch)
    {
        ForgetBefore(epoch);
        if (_locations.TryGetValue(shuffleId, out var known))
        {
            return known;
        }

        var tracker = _tracker ?? throw new InvalidOperationException("This executor has not registered with a driver yet.");
        return Remember(shuffleId, tracker.Ask<MapOutputs>(new GetMapOutputs(shuffleId), askTimeout).GetAwaiter().GetResult());
    }

    /// <summary>Keeps the locations the driver sent with a task launched at <paramref name="epoch"/>, as if asked for.</summary>
    public void Know(int shuffleId, long epoch, MapOutputs outputs)
    {
        ForgetBefore(epoch);
        Remember(shuffleId, outputs);
    }

    private void ForgetBefore(long epoch)
    {
        lock (_epochGate)
        {
            if (epoch > _epoch)
            {
                _locations.Clear(); // an executor was lost since: what it held is elsewhere now, or nowhere
                _epoch = epoch;
            }
        }
    }

    private string?[] Remember(int shuffleId, MapOutputs reply)
    {
        foreach (var (executor, address) in reply.BlockAddresses)
        {
            _blockAddresses[executor] = new Uri(address);
        }

        if (reply.Holders.All(holder => holder is not null))
        {
            _locations[shuffleId] = reply.Holders; // complete: the map stage ran, and stays so until an executor is lost
        }

        return reply.Holders;
    }

    public byte[]?[] Fetch(string executorId, IReadOnlyList<string> blockIds)
    {
        var server = executorId == IExecutorPeers.Driver
            ? _driverBlocks ?? throw new IOException("The driver did not say where it serves blocks.")
            : _blockAddresses.TryGetValue(executorId, out var address) ? address : throw new IOException($"No block address is known for executor {executorId}: the driver no longer lists it.");
        return fetcher.FetchAsync(server, blockIds).GetAwaiter().GetResult();
    }
}
