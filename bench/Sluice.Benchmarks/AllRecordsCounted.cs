using Sluice.Monitoring;

namespace Sluice.Benchmarks;

/// <summary>Completes once the finished batches hold <paramref name="records"/> records.</summary>
internal sealed class AllRecordsCounted(long records) : IStreamingListener
{
    private long _seen;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void OnBatchCompleted(BatchInfo batch)
    {
        if (Interlocked.Add(ref _seen, batch.NumRecords) >= records)
        {
            Done.TrySetResult();
        }
    }
}
