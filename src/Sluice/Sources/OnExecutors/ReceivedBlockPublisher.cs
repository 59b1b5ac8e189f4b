using Microsoft.Extensions.Logging;
using Sluice.Datasets.Executors.Remote;
using Sluice.Storage;

namespace Sluice.Sources.OnExecutors;

/// <summary>
/// What an executor's receiver does with each block it cuts: stores it on this executor, copies it to a second one,
/// and reports it to the driver, numbering the blocks on from where the driver said. One thread at a time publishes.
/// </summary>
internal sealed class ReceivedBlockPublisher(ExecutorRuntime runtime, int streamId, string receiverName, bool replicate, ILogger logger, Action<string> reportError)
{
    private List<string> _replicas = [];
    private long _lastSequence;
    private long _published;

    /// <summary>How many blocks the driver took.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Numbers the next block <paramref name="firstSequence"/>, and copies blocks to <paramref name="replicas"/>, tried in order.</summary>
    public void Start(long firstSequence, IEnumerable<string> replicas) => (_lastSequence, _replicas) = (firstSequence - 1, [.. replicas]);

    /// <summary>Stores the block here, copies it to a second executor, and reports it to the driver.</summary>
    public void Publish(EncodedBlock block)
    {
        var sequence = ++_lastSequence;
        var id = BlockId.ForStream(streamId, sequence);
        var encoded = runtime.StoreReceived(id, block);
        List<string> holders = [runtime.Id];
        if (replicate && Replicate(id, encoded) is { } replica)
        {
            holders.Add(replica);
        }

        try
        {
            runtime.Peers.BlockStored(streamId, sequence, block.Count, holders);
            Interlocked.Increment(ref _published);
        }
        catch (IOException error)
        {
            ReceiverLog.Error(logger, error, receiverName, streamId, $"The driver did not take block {id} of {block.Count} records: they are lost unless the source sends them again");
        }
    }

    /// <summary>The executor that took a copy of the block; null when none could, which is reported.</summary>
    private string? Replicate(BlockId id, byte[] encoded)
    {
        while (_replicas.Count > 0)
        {
            var replica = _replicas[0];
            try
            {
                runtime.Peers.Replicate(replica, id.ToString(), encoded);
                return replica;
            }
            catch (IOException error)
            {
                ReceiverLog.Error(logger, error, receiverName, streamId, $"Could not copy block {id} to executor {replica}; trying the next one");
                _replicas.RemoveAt(0);
            }
        }

        try
        {
            _replicas = [.. runtime.Peers.ReceiverReplicas(runtime.Id)]; // executors that joined since, for the next block
        }
        catch (IOException error)
        {
            ReceiverLog.Error(logger, error, receiverName, streamId, "Could not ask the driver for executors to copy blocks to");
        }

        reportError($"Received blocks are held by executor {runtime.Id} alone: no other executor took a copy, so losing this one loses their records. Run at least two executors.");
        return null;
    }
}
