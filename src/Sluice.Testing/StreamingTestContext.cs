using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Sluice.Datasets;
using Sluice.Monitoring;
using Sluice.Streams;

namespace Sluice.Testing;

/// <summary>
/// A streaming context on a manual clock, for deterministic tests: batches happen only when the test advances
/// the clock, and the test waits for each batch's completion event rather than for time to pass.
/// </summary>
/// <remarks>
/// Typical use: create, define the input with <see cref="Input{T}"/>, build the graph, attach an
/// <see cref="OutputCollector{T}"/> with <see cref="Collect{T}"/>, call <see cref="RunBatchesAsync"/>, then assert on
/// the collector. Dispose to stop the context and its threads.
/// </remarks>
public sealed class StreamingTestContext : IDisposable
{
    /// <summary>How long <see cref="RunBatchesAsync"/> waits for one batch before it reports a hang.</summary>
    public static readonly TimeSpan BatchTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<DateTimeOffset, TaskCompletionSource<BatchInfo>> _completions = new();
    private readonly ConcurrentQueue<BatchInfo> _completed = new();
    private int _listening;

    /// <summary>Creates a context whose clock starts at a multiple of the interval.</summary>
    /// <param name="batchInterval">The batch interval; one second when omitted.</param>
    /// <param name="master">Where tasks run; two worker threads by default, so tests exercise parallelism.</param>
    /// <param name="configure">Changes further options (failure policy, concurrent jobs, output writer) before the context is created.</param>
    public StreamingTestContext(TimeSpan? batchInterval = null, string master = "local[2]", Action<StreamingContextOptions>? configure = null)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new StreamingContextOptions { Master = master, TimeProvider = Clock };
        configure?.Invoke(options);
        options.TimeProvider = Clock;
        Context = new StreamingContext(options, batchInterval ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>The manual clock; <see cref="RunBatchesAsync"/> advances it.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The context under test.</summary>
    public StreamingContext Context { get; }

    /// <summary>The batches completed since the first <see cref="RunBatchesAsync"/>, in completion order.</summary>
    public IReadOnlyList<BatchInfo> CompletedBatches => [.. _completed];

    /// <summary>An input stream where batch <c>i</c> holds sequence <c>i</c> of <paramref name="batches"/>; later batches are empty.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="batches">One sequence of records per batch.</param>
    /// <param name="partitions">How many partitions each batch's dataset has.</param>
    public DStream<T> Input<T>(IEnumerable<IEnumerable<T>> batches, int partitions = 2)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var queue = new ConcurrentQueue<Rdd<T>>(batches.Select(batch => Context.SluiceContext.Parallelize(batch, partitions)));
        return Context.QueueStream(queue, oneAtATime: true);
    }

    /// <summary>Collects every batch's output of <paramref name="stream"/> (an output operation on it).</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="stream">The stream whose datasets are collected.</param>
    public OutputCollector<T> Collect<T>(DStream<T> stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var collector = new OutputCollector<T>();
        stream.ForeachRdd((rdd, time) => collector.Add(time, rdd.Collect()));
        return collector;
    }

    /// <summary>
    /// Starts the context if needed, then advances the clock one interval at a time, <paramref name="count"/>
    /// times, waiting after each step until that batch has completed.
    /// </summary>
    /// <param name="count">How many batches to run.</param>
    /// <returns>The information of each batch run, in order.</returns>
    /// <exception cref="TimeoutException">A batch did not complete within <see cref="BatchTimeout"/>.</exception>
    /// <exception cref="Exception">A batch failed and the policy is <see cref="BatchFailurePolicy.StopContext"/>: its error.</exception>
    public async Task<IReadOnlyList<BatchInfo>> RunBatchesAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (Interlocked.Exchange(ref _listening, 1) == 0)
        {
            // Registered last, so that when a batch counts as complete here, the test's own listeners (added
            // before) have already seen every event of that batch.
            Context.AddStreamingListener(new CompletionListener(this));
        }

        if (Context.State == StreamingState.Initialized)
        {
            Context.Start();
        }

        var infos = new List<BatchInfo>(count);
        for (var i = 0; i < count; i++)
        {
            var interval = Context.BatchInterval;
            var nowMs = Clock.GetUtcNow().ToUnixTimeMilliseconds();
            var intervalMs = (long)interval.TotalMilliseconds;
            var next = DateTimeOffset.FromUnixTimeMilliseconds(((nowMs / intervalMs) + 1) * intervalMs);
            var completion = Completion(next);
            Clock.Advance(next - Clock.GetUtcNow());
            BatchInfo info;
            try
            {
                info = await completion.Task.WaitAsync(BatchTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Batch {next:O} did not complete within {BatchTimeout}. Is a job blocked, or was the context stopped?");
            }

            infos.Add(info);
            if (info.Failure is { } failure && Context.Options.BatchFailurePolicy == BatchFailurePolicy.StopContext)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
        }

        return infos;
    }

    /// <summary>Stops the context immediately.</summary>
    public void Dispose() => Context.Dispose();

    private TaskCompletionSource<BatchInfo> Completion(DateTimeOffset time)
        => _completions.GetOrAdd(time, _ => new TaskCompletionSource<BatchInfo>(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class CompletionListener(StreamingTestContext owner) : IStreamingListener
    {
        public void OnBatchCompleted(BatchInfo batch)
        {
            owner._completed.Enqueue(batch);
            owner.Completion(batch.BatchTime).TrySetResult(batch);
        }
    }
}
