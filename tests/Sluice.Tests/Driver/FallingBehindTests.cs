using Microsoft.Extensions.Logging;
using Sluice.Monitoring;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Tests.Driver;

/// <summary>
/// Batches that fall behind are said in words, with what to change: processing slower than the input makes
/// received data wait in memory, and the process grows without another sign. The manual clock stands still while a
/// batch runs, so each queued batch's wait is known exactly.
/// </summary>
public sealed class FallingBehindTests
{
    /// <summary>Counts submitted batches, and completes once <paramref name="count"/> batches completed.</summary>
    private sealed class Batches(int count) : IStreamingListener
    {
        private int _completed;

        public SemaphoreSlim Submitted { get; } = new(0);

        public TaskCompletionSource AllCompleted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnBatchSubmitted(BatchInfo batch) => Submitted.Release();

        public void OnBatchCompleted(BatchInfo batch)
        {
            if (Interlocked.Increment(ref _completed) >= count)
            {
                AllCompleted.TrySetResult();
            }
        }
    }

    [Theory]
    [InlineData(false, "Turn on backpressure")]
    [InlineData(true, "Backpressure is on")]
    public async Task ABatchThatWaitedTenIntervals_IsAWarningSayingWhatWaits_AndCatchingUpIsSaid(bool backpressure, string advice)
    {
        var logs = new LogCollector();
        using var firstBatchHeld = new ManualResetEventSlim();
        using var firstBatchRunning = new ManualResetEventSlim();
        using var test = new StreamingTestContext(configure: options =>
        {
            options.LoggerFactory = logs;
            options.BackpressureEnabled = backpressure;
        });
        var held = 0;
        test.Input(Enumerable.Range(0, 13).Select(batch => new[] { batch })).ForeachRdd(rdd =>
        {
            rdd.Collect();
            if (Interlocked.Exchange(ref held, 1) == 0)
            {
                firstBatchRunning.Set();
                firstBatchHeld.Wait(); // the first batch runs long; the others queue behind it
            }
        });
        var batches = new Batches(13);
        test.Context.AddStreamingListener(batches);

        test.Context.Start();
        for (var batch = 0; batch < 13; batch++)
        {
            // Each batch is generated at its own time: a batch generated late would not count as waiting.
            test.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.True(await batches.Submitted.WaitAsync(TimeSpan.FromSeconds(60)), $"Batch {batch + 1} was not submitted.");
            if (batch == 0)
            {
                // Started before the clock moves on: a first batch that started late would itself count as waiting.
                Assert.True(firstBatchRunning.Wait(TimeSpan.FromSeconds(60)), "The first batch did not start.");
            }
        }

        firstBatchHeld.Set();
        await batches.AllCompleted.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // Batch 2 starts at 13 s, 11 s late (over ten intervals and 10 s): one warning, not one per late batch. A
        // queue stream counts no records, so the warning names none.
        // Batch 13 starts on time: caught up.
        var said = logs.Entries.Where(entry => entry.Message.Contains("behind", StringComparison.Ordinal) || entry.Message.Contains("caught up", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, said.Count);
        Assert.All(said, entry => Assert.Equal(LogLevel.Warning, entry.Level));
        Assert.Equal(
            $"Batches are falling behind: batch 2026-01-01T00:00:02.0000000+00:00 waited 11.0 s to start, its processing took 0.0 s, and a batch comes every 1.0 s. 11 batches wait to be processed, and what receivers took waits in memory until then. {advice}",
            said[0].Message[..(said[0].Message.IndexOf(advice, StringComparison.Ordinal) + advice.Length)]);
        Assert.Equal("Batches have caught up: batch 2026-01-01T00:00:13.0000000+00:00 started 0.0 s after its time", said[1].Message);
    }
}
