using Sluice.Storage;

namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// The driver's view of receivers running on executor processes: routes each stream's messages to its supervisor,
/// knows which executors hold each received block (the receiver's and a replica), forgets a lost executor's copies,
/// and tells the holders to drop a block once its batch is forgotten.
/// </summary>
internal sealed class RemoteReceivers(IRemoteCluster cluster) : IReceiverEndpoint
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, IRemoteReceiverStream> _streams = [];
    private readonly Dictionary<BlockId, List<string>> _holders = [];

    /// <summary>Routes the messages of <paramref name="streamId"/>'s receiver to <paramref name="supervisor"/>.</summary>
    public void Add(int streamId, IRemoteReceiverStream supervisor)
    {
        lock (_gate)
        {
            _streams[streamId] = supervisor;
        }
    }

    public ReceiverLaunch Starting(int streamId, string executorId)
    {
        return Stream(streamId).Starting(executorId) with { Replicas = Replicas(executorId) };
    }

    public IReadOnlyList<string> Replicas(string executorId)
    {
        var others = cluster.ExecutorInfos().Where(executor => executor.IsActive && executor.Id != executorId).Select(executor => executor.Id);
        return [.. others.OrderBy(_ => Random.Shared.Next())]; // spread the copies of many receivers
    }

    public void BlockStored(int streamId, long sequence, int records, IReadOnlyList<string> holders)
    {
        lock (_gate)
        {
            _holders[BlockId.ForStream(streamId, sequence)] = [.. holders];
        }

        Stream(streamId).BlockStored(sequence, records, holders);
    }

    public void Reported(ReceiverEvent report) => Stream(report.StreamId).Reported(report);

    /// <summary>The executors holding a copy of <paramref name="block"/>; empty when none does (any more).</summary>
    public string[] HoldersOf(BlockId block)
    {
        lock (_gate)
        {
            return _holders.TryGetValue(block, out var holders) ? [.. holders] : [];
        }
    }

    /// <summary>How many received blocks each executor holds a copy of.</summary>
    public IReadOnlyDictionary<string, int> BlocksByExecutor()
    {
        lock (_gate)
        {
            return _holders.Values.SelectMany(holders => holders).GroupBy(holder => holder, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        }
    }

    /// <summary>Tells the block's holders to drop it: its batch is forgotten.</summary>
    public void Remove(BlockId block)
    {
        List<string>? holders;
        lock (_gate)
        {
            _holders.Remove(block, out holders);
        }

        foreach (var holder in holders ?? [])
        {
            cluster.RemoveBlocks(holder, [block.ToString()]);
        }
    }

    /// <summary>An executor was lost with its copies.</summary>
    public void Lose(string executorId)
    {
        List<IRemoteReceiverStream> streams;
        lock (_gate)
        {
            foreach (var holders in _holders.Values)
            {
                holders.Remove(executorId);
            }

            streams = [.. _streams.Values];
        }

        streams.ForEach(stream => stream.ExecutorLost(executorId));
    }

    private IRemoteReceiverStream Stream(int streamId)
    {
        lock (_gate)
        {
            return _streams.TryGetValue(streamId, out var stream) ? stream
                : throw new InvalidOperationException($"An executor reported a receiver of input stream {streamId}, which this driver does not have: every process must run the same application build.");
        }
    }
}
