using System.Collections.Concurrent;
using Akka.Actor;
using Sluice.Cluster.Blocks;
using Sluice.Cluster.Receiving;
using Sluice.Cluster.Scheduling;
using Sluice.Datasets.Executors.Remote;

namespace Sluice.Cluster.Executing;

/// <summary>
/// The driver and the other executors as an executor process reaches them: map-output locations asked of the
/// driver's tracker (kept per shuffle until the driver's epoch moves on), the driver's receiver tracker, and blocks
/// fetched (or, for a received block's copy, pushed) over the data channel.
/// </summary>
internal sealed class ExecutorPeers(BlockFetcher fetcher, TimeSpan askTimeout) : IExecutorPeers
{
    private readonly ConcurrentDictionary<int, string?[]> _locations = new();
    private readonly ConcurrentDictionary<string, Uri> _blockAddresses = new();
    private readonly Lock _epochGate = new();
    private long _epoch;
    private ActorSelection? _tracker;
    private ActorSelection? _receivers;
    private Uri? _driverBlocks;

    /// <summary>Reaches the driver: its map-output tracker, its receiver tracker, and its blocks at <paramref name="driverBlocks"/>.</summary>
    public void Connect(ActorSelection tracker, ActorSelection receivers, Uri? driverBlocks) => (_tracker, _receivers, _driverBlocks) = (tracker, receivers, driverBlocks);

    public ReceiverLaunch ReceiverStarting(int streamId, string executorId)
    {
        var answer = AskDriver<ReceiverStartAnswer>(new ReceiverStarting(streamId, executorId), $"the start of the receiver of stream {streamId}");
        return new ReceiverLaunch(answer.FirstSequence, Remember(new Replicas(answer.Replicas, answer.ReplicaAddresses)), answer.Rate);
    }

    public IReadOnlyList<string> ReceiverReplicas(string executorId)
        => Remember(AskDriver<Replicas>(new GetReplicas(executorId), "the executors to copy received blocks to"));

    private string[] Remember(Replicas replicas)
    {
        for (var i = 0; i < replicas.Ids.Length; i++)
        {
            _blockAddresses[replicas.Ids[i]] = new Uri(replicas.Addresses[i]);
        }

        return replicas.Ids;
    }

    public void BlockStored(int streamId, long sequence, int records, IReadOnlyList<string> holders)
        => AskDriver<BlockTaken>(new BlockStored(streamId, sequence, records, [.. holders]), $"block {sequence} of stream {streamId}");

    public void ReceiverReported(ReceiverEvent report) => Receivers.Tell(report);

    public void Replicate(string executorId, string blockId, byte[] encoded)
        => fetcher.PushAsync(AddressOf(executorId), blockId, encoded).GetAwaiter().GetResult();

    private ActorSelection Receivers => _receivers ?? throw new InvalidOperationException("This executor has not registered with a driver yet.");

    /// <exception cref="IOException">The driver did not answer in time, or refused.</exception>
    private T AskDriver<T>(object message, string what)
    {
        try
        {
            return Receivers.Ask<T>(message, askTimeout).GetAwaiter().GetResult();
        }
        catch (AskTimeoutException error)
        {
            throw new IOException($"The driver did not answer about {what} within {askTimeout.TotalSeconds:0.#} s.", error);
        }
        catch (InvalidOperationException error)
        {
            throw new IOException($"The driver refused {what}: {error.Message}", error);
        }
    }

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
        return fetcher.FetchAsync(AddressOf(executorId), blockIds).GetAwaiter().GetResult();
    }

    /// <summary>Where <paramref name="executorId"/> serves blocks: known from the driver's answers, or asked of it.</summary>
    /// <exception cref="IOException">The driver no longer lists that executor, or did not answer.</exception>
    private Uri AddressOf(string executorId)
    {
        if (executorId == IExecutorPeers.Driver)
        {
            return _driverBlocks ?? throw new IOException("The driver did not say where it serves blocks.");
        }

        if (_blockAddresses.TryGetValue(executorId, out var known))
        {
            return known;
        }

        var answer = AskDriver<BlockAddress>(new GetBlockAddress(executorId), $"the block address of executor {executorId}");
        return answer.Address is { } address
            ? _blockAddresses[executorId] = new Uri(address)
            : throw new IOException($"No block address is known for executor {executorId}: the driver no longer lists it.");
    }
}
