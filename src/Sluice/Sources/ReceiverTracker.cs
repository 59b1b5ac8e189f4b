using Sluice.Storage;

namespace Sluice.Sources;

/// <summary>
/// Knows every receiver of a context and the blocks each has stored that no batch has taken yet. A batch takes
/// all of its stream's pending blocks when it is generated.
/// </summary>
internal sealed class ReceiverTracker
{
    private readonly object _gate = new(); // Monitor, for Wait/PulseAll
    private readonly List<IReceiverSupervisor> _supervisors = [];
    private readonly Dictionary<int, List<(BlockId Id, int Records)>> _pending = [];

    public int Count => _supervisors.Count;

    /// <summary>How many receivers run on executors, each holding one of their slots for as long as it runs.</summary>
    public int OnExecutors => _supervisors.Count(supervisor => supervisor is Datasets.Executors.Remote.IRemoteReceiverStream);

    public void Add(IReceiverSupervisor supervisor)
    {
        lock (_gate)
        {
            _supervisors.Add(supervisor);
            _pending[supervisor.StreamId] = [];
        }
    }

    public void StartAll()
    {
        foreach (var supervisor in _supervisors)
        {
            supervisor.Start();
        }
    }

    /// <summary>Stops every receiver; their last partial blocks become pending blocks.</summary>
    public void StopAll()
    {
        foreach (var supervisor in _supervisors)
        {
            supervisor.Stop();
        }
    }

    public void AddBlock(int streamId, BlockId id, int records)
    {
        lock (_gate)
        {
            _pending[streamId].Add((id, records));
        }
    }

    /// <summary>The records of the stream's blocks that no batch has taken yet.</summary>
    public long PendingRecords(int streamId)
    {
        lock (_gate)
        {
            return _pending[streamId].Sum(block => (long)block.Records);
        }
    }

    /// <summary>Cuts the stream's current block and takes every pending block, for the batch being generated.</summary>
    public IReadOnlyList<(BlockId Id, int Records)> TakeBlocks(int streamId)
    {
        _supervisors.Find(s => s.StreamId == streamId)?.CutBlock();
        lock (_gate)
        {
            var taken = _pending[streamId];
            _pending[streamId] = [];
            Monitor.PulseAll(_gate);
            return taken;
        }
    }

    /// <summary>Blocks until every stored block has been taken by a batch (for a graceful stop).</summary>
    /// <summary>Blocks until every received block is in a batch; false when <paramref name="giveUp"/> ended the wait first.</summary>
    public bool WaitUntilAllTaken(CancellationToken giveUp)
    {
        using var wake = giveUp.Register(() =>
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        });
        lock (_gate)
        {
            while (_pending.Values.Any(blocks => blocks.Count > 0))
            {
                if (giveUp.IsCancellationRequested)
                {
                    return false;
                }

                Monitor.Wait(_gate);
            }
        }

        return true;
    }
}
