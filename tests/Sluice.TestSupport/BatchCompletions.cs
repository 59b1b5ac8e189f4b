using Sluice.Monitoring;

namespace Sluice.TestSupport;

/// <summary>A listener released once per completed batch, for tests that advance a host's clock and wait for the batch it cut.</summary>
public sealed class BatchCompletions : IStreamingListener
{
    public SemaphoreSlim Batches { get; } = new(0);

    public void OnBatchCompleted(BatchInfo batch) => Batches.Release();
}
