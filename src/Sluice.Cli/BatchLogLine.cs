using Sluice.Monitoring;

namespace Sluice.Cli;

/// <summary>When the console is not a terminal: a plain line per completed batch on standard error, apart from the results.</summary>
internal sealed class BatchLogLine(TextWriter log) : IStreamingListener
{
    private long _completed;

    public void OnBatchCompleted(BatchInfo batch) => log.WriteLine(BatchSummary.Format(batch, Interlocked.Increment(ref _completed)));
}
