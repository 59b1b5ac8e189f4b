using System.Diagnostics;
using Sluice.Cli;
using Sluice.Monitoring;
using Sluice.Streams;

namespace Sluice.Benchmarks;

/// <summary>
/// The source benchmarks' Sluice side: the CLI's word count (top 10 a batch) over the lines a source gives, on
/// <c>local[2]</c> with 200 ms batches on the real clock, timed from the start until every one of the backlog's
/// records is in a finished batch.
/// </summary>
internal static class SourceWordCount
{
    /// <summary>Records per second over <paramref name="records"/> records of the stream <paramref name="lines"/> makes.</summary>
    public static async Task<double> RecordsPerSecondAsync(Func<StreamingContext, DStream<string>> lines, long records)
    {
        using var ssc = new StreamingContext(new StreamingContextOptions { Master = "local[2]" }, TimeSpan.FromMilliseconds(200));
        WordCountPipeline.CountsDescending(lines(ssc)).ForeachRdd(rdd => rdd.Take(10));
        var counted = new AllRecordsCounted(records);
        ssc.AddStreamingListener(counted);
        var watch = Stopwatch.StartNew();
        ssc.Start();
        await counted.Done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var seconds = watch.Elapsed.TotalSeconds;
        ssc.Stop(stopGracefully: false);
        return records / seconds;
    }

    /// <summary>Completes once the finished batches hold <paramref name="records"/> records.</summary>
    private sealed class AllRecordsCounted(long records) : IStreamingListener
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
}
