using Sluice.Monitoring;

namespace Sluice.Benchmarks;

/// <summary>Counts the completed batches and the records they held, for a harness on the real clock to read as it runs.</summary>
internal sealed class CompletedBatches : IStreamingListener
{
    private long _records;
    private int _batches;

    /// <summary>The records of every batch completed so far.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>How many batches have completed.</summary>
    public int Batches => Volatile.Read(ref _batches);

    public void OnBatchCompleted(BatchInfo batch)
    {
        Interlocked.Add(ref _records, batch.NumRecords);
        Interlocked.Increment(ref _batches);
    }
}
