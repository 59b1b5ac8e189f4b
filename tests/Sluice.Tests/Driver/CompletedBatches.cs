using System.Collections.Concurrent;
using Sluice.Monitoring;

namespace Sluice.Tests.Driver;

/// <summary>A listener that records the time of every batch that completes, for tests of what a stop completes.</summary>
internal sealed class CompletedBatches : IStreamingListener
{
    public ConcurrentQueue<DateTimeOffset> Batches { get; } = new();

    public void OnBatchCompleted(BatchInfo batch) => Batches.Enqueue(batch.BatchTime);
}
