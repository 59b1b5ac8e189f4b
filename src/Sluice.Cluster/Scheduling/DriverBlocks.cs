using System.Collections.Concurrent;
using Sluice.Cluster.Blocks;

namespace Sluice.Cluster.Scheduling;

/// <summary>What the driver serves to executors: the binaries of the stages running, and the blocks its receivers stored.</summary>
internal sealed class DriverBlocks(Func<string, byte[]?> stored) : IBlockSource
{
    private readonly ConcurrentDictionary<int, byte[]> _stages = new();
    private int _nextStage;

    public int Publish(byte[] binary)
    {
        var id = Interlocked.Increment(ref _nextStage);
        _stages[id] = binary;
        return id;
    }

    public void Unpublish(int id) => _stages.TryRemove(id, out _);

    /// <summary>A stage's binary, while it is served.</summary>
    public byte[]? Stage(int id) => _stages.GetValueOrDefault(id);

    public bool TryGet(string blockId, out ReadOnlyMemory<byte> bytes)
    {
        var found = Datasets.Executors.Remote.RemoteBlockIds.TryParseStage(blockId, out var stage)
            ? _stages.TryGetValue(stage, out var binary)
            : (binary = stored(blockId)) is not null;
        bytes = binary;
        return found;
    }
}
