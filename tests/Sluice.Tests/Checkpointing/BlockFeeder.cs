using System.Collections.Concurrent;
using Sluice.Sources;
using Sluice.Testing;

namespace Sluice.Tests.Checkpointing;

/// <summary>Stores each block the test hands it, as a reliable receiver would: Store returns once the block is stored.</summary>
internal sealed class BlockFeeder : Receiver<int>
{
    private readonly BlockingCollection<int[]> _blocks = [];
    private readonly BlockingCollection<bool> _stored = [];

    public void Feed(params int[] block)
    {
        _blocks.Add(block);
        Assert.True(_stored.TryTake(out _, StreamingTestContext.BatchTimeout), "The block was not stored.");
    }

    public override void OnStart()
        => new Thread(() =>
        {
            foreach (var block in _blocks.GetConsumingEnumerable())
            {
                Store(block);
                _stored.Add(true);
            }
        }) { IsBackground = true }.Start();

    public override void OnStop() => _blocks.CompleteAdding();
}
