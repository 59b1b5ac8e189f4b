using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Sluice.Monitoring;
using Sluice.Sources;
using Sluice.Testing;

namespace Sluice.Tests.RateControl;

/// <summary>
/// A receiver that could deliver far more than the engine processes, run end to end on the manual clock: each
/// batch's processing takes records / capacity seconds of clock time, and the test counts the records waiting in
/// batches that are generated but not yet completed.
/// </summary>
public class BackpressureOverloadTests
{
    private const double Capacity = 1_000; // records per second of processing
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Stores from its own thread as fast as the rate limiter lets it.</summary>
    private sealed class Firehose(Action<Thread> beforeFirstRecord) : Receiver<int>
    {
        public override void OnStart()
        {
            var started = new ManualResetEventSlim();
            new Thread(() =>
            {
                beforeFirstRecord(Thread.CurrentThread);
                started.Set();
                try
                {
                    for (var i = 0; !IsStopped; i++)
                    {
                        Store(i);
                    }
                }
                catch (Exception) when (IsStopped)
                {
                    // Stopped while waiting for tokens, or between the check and the store.
                }
            }) { IsBackground = true }.Start();
            started.Wait(); // so the clock sees every timer the thread creates
        }

        public override void OnStop()
        {
        }
    }

    /// <summary>Records in batches submitted and not completed, sampled at every completion.</summary>
    private sealed class QueueProbe : IStreamingListener
    {
        private long _queued;
        private long _lastSubmittedTicks;
        private int _submitted;

        public ConcurrentQueue<long> Samples { get; } = new();

        public int Submitted => Volatile.Read(ref _submitted);

        public int Completed => Samples.Count;

        public DateTimeOffset LastSubmitted => new(Interlocked.Read(ref _lastSubmittedTicks), TimeSpan.Zero);

        public void OnBatchSubmitted(BatchInfo batch)
        {
            Interlocked.Add(ref _queued, batch.NumRecords);
            Interlocked.Exchange(ref _lastSubmittedTicks, batch.BatchTime.UtcTicks);
            Interlocked.Increment(ref _submitted);
        }

        public void OnBatchCompleted(BatchInfo batch) => Samples.Enqueue(Interlocked.Add(ref _queued, -batch.NumRecords));
    }

    private sealed record ProcessingRequest(TimeSpan Cost, SemaphoreSlim Done);

    /// <summary>
    /// The manual clock, watching the receiving thread's timers: that thread waits for rate tokens on a timer, so
    /// it is parked exactly when its latest timer has not fired yet. Its timers do not fire while the clock moves:
    /// the test fires them with <see cref="WakeReceivingThread"/> once the engine's own timers at that instant (block
    /// cutting, batch generation) have done their work, so a record is never stored while a block is being cut.
    /// </summary>
    private sealed class WatchingClock(FakeTimeProvider inner) : TimeProvider
    {
        private readonly ConcurrentQueue<(TimerCallback Callback, object? State)> _due = new();
        private int _watchedThread = -1;
        private long _created;
        private long _fired;

        public bool WatchedThreadParked => Interlocked.Read(ref _created) > Interlocked.Read(ref _fired);

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public void Advance(TimeSpan step) => inner.Advance(step);

        public void Watch(Thread thread) => Volatile.Write(ref _watchedThread, thread.ManagedThreadId);

        /// <summary>Fires the receiving thread's timers that came due while the clock moved.</summary>
        public void WakeReceivingThread()
        {
            while (_due.TryDequeue(out var timer))
            {
                Interlocked.Increment(ref _fired);
                timer.Callback(timer.State);
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (Environment.CurrentManagedThreadId != Volatile.Read(ref _watchedThread))
            {
                return inner.CreateTimer(callback, state, dueTime, period);
            }

            Interlocked.Increment(ref _created);
            return inner.CreateTimer(s => _due.Enqueue((callback, s)), state, dueTime, period);
        }
    }

    /// <summary>
    /// Runs until <paramref name="batches"/> have completed, one step of the clock at a time. After each step the
    /// system settles in a fixed order: the engine's timers cut blocks and submit the batch due; then the receiving
    /// thread is woken, uses every token granted and waits for more; then the batch being processed completes if the
    /// clock has moved as far as it said it takes, and back-pressure sets the new rate. Only this thread moves the
    /// clock, and nothing runs concurrently with anything it could affect, so the run is deterministic.
    /// </summary>
    private static List<long> Run(Action<StreamingContextOptions> configure, int batches)
    {
        var clock = new WatchingClock(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var options = new StreamingContextOptions { Master = "local[2]" };
        configure(options);
        options.TimeProvider = clock;
        using var context = new StreamingContext(options, Interval);
        var requests = new BlockingCollection<ProcessingRequest>();
        using var finished = new CancellationTokenSource(); // frees the batch still waiting when the run ends
        context.ReceiverStream(new Firehose(clock.Watch)).ForeachRdd(rdd =>
        {
            var request = new ProcessingRequest(TimeSpan.FromSeconds(rdd.Count() / Capacity), new SemaphoreSlim(0));
            requests.Add(request);
            try
            {
                if (!request.Done.Wait(StreamingTestContext.BatchTimeout, finished.Token))
                {
                    throw new TimeoutException("The test stopped moving the clock.");
                }
            }
            catch (OperationCanceledException)
            {
                // The run is over.
            }
        });
        var probe = new QueueProbe();
        context.AddStreamingListener(probe);
        var start = clock.GetUtcNow(); // the first batch is due one interval later
        context.Start();

        ProcessingRequest? running = null;
        var remaining = TimeSpan.Zero;
        WaitUntil(() => clock.WatchedThreadParked, "the receiving thread to wait for rate tokens");
        while (probe.Completed < batches)
        {
            if (running is null && probe.Submitted > probe.Completed)
            {
                Assert.True(requests.TryTake(out running, StreamingTestContext.BatchTimeout), "The next batch did not start.");
                remaining = running.Cost;
            }

            clock.Advance(Step);
            var due = new DateTimeOffset(clock.GetUtcNow().UtcTicks / Interval.Ticks * Interval.Ticks, TimeSpan.Zero);
            WaitUntil(() => due <= start || probe.LastSubmitted >= due, $"batch {due:O} to be submitted");
            clock.WakeReceivingThread();
            WaitUntil(() => clock.WatchedThreadParked, "the receiving thread to wait for rate tokens");

            // Completed while the receiving thread waits, so the new rate reaches the limiter at a defined point.
            remaining -= Step;
            if (running is not null && remaining <= TimeSpan.Zero)
            {
                var completed = probe.Completed;
                running.Done.Release();
                running = null;
                WaitUntil(() => probe.Completed > completed, "the batch to complete");
            }
        }

        // Taken before the waiting batches are freed: freed, they complete at once, and their samples would follow.
        List<long> samples = [.. probe.Samples];
        finished.Cancel();
        return samples;
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var spin = new SpinWait();
        var deadline = Environment.TickCount64 + (long)StreamingTestContext.BatchTimeout.TotalMilliseconds;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, $"Gave up waiting for {what}.");
            spin.SpinOnce();
        }
    }

    [Fact]
    public void WithoutBackpressure_AThreeTimesOverloadQueuesWithoutBound()
    {
        // The control for the test below: the same source and processing, held at 3x capacity by a fixed rate.
        var queued = Run(o => o.ReceiverMaxRate = 3 * Capacity, batches: 12);
        Assert.True(queued[^1] > 20 * Capacity && queued[^1] > queued[5], $"Queued records: {string.Join(", ", queued)}");
    }

    [Fact]
    public void WithBackpressure_QueuedRecordsStayBoundedUnderOverload()
    {
        var queued = Run(
            o =>
            {
                o.BackpressureEnabled = true;
                o.BackpressureInitialRate = 3 * Capacity; // the first batches overload 3x, then the estimator takes over
            },
            batches: 40);
        Assert.True(queued.Skip(10).All(records => records <= 3 * Capacity), $"Queued records: {string.Join(", ", queued)}");
    }
}
