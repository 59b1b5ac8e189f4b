using Sluice.Datasets;
using Sluice.RateControl;

namespace Sluice;

/// <summary>Options of a <see cref="StreamingContext"/>: those of its <see cref="SluiceContext"/> plus scheduling of batches.</summary>
public sealed class StreamingContextOptions : SluiceOptions
{
    /// <summary>The clock that cuts batches; <see cref="TimeProvider.System"/> by default. Tests pass a manual clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How many output jobs may run at once, across batches (Spark's <c>spark.streaming.concurrentJobs</c>). Default 1: batches run in order.</summary>
    public int ConcurrentJobs { get; set; } = 1;

    /// <summary>What happens when a batch's job fails. Default <see cref="BatchFailurePolicy.StopContext"/>.</summary>
    public BatchFailurePolicy BatchFailurePolicy { get; set; } = BatchFailurePolicy.StopContext;

    /// <summary>
    /// How often a receiver's stored records are cut into a block (Spark's <c>spark.streaming.blockInterval</c>):
    /// a batch has about batch interval / block interval partitions per receiver. Default 200 ms.
    /// </summary>
    public TimeSpan BlockInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a failed receiver waits before it starts again. Default 2 s.</summary>
    public TimeSpan ReceiverRestartDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether every block a receiver stores is written durably to the checkpoint storage (a file per block, local or
    /// in an object store) before <c>Store</c> returns (Spark's <c>spark.streaming.receiver.writeAheadLog.enable</c>).
    /// After a crash, <see cref="StreamingContext.GetOrCreate(string, Func{StreamingContext}, bool)"/> runs the batches
    /// that held logged blocks again and hands blocks not yet in a batch to the next one. Needs a checkpoint
    /// directory. Default off.
    /// </summary>
    public bool ReceiverWriteAheadLog { get; set; }

    /// <summary>
    /// How far back a file stream looks for files by modification time (Spark's
    /// <c>spark.streaming.fileStream.minRememberDuration</c>). Default 60 s.
    /// </summary>
    public TimeSpan FileStreamRememberWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most records per second each receiver stores (Spark's <c>spark.streaming.receiver.maxRate</c>); 0 for no limit.</summary>
    public double ReceiverMaxRate { get; set; }

    /// <summary>
    /// Whether receivers' rates follow how fast batches are processed (Spark's
    /// <c>spark.streaming.backpressure.enabled</c>), using a PID estimator fed by every completed batch. Default off.
    /// </summary>
    public bool BackpressureEnabled { get; set; }

    /// <summary>
    /// With back-pressure, the rate of each receiver until the first batches have been measured. Unlike Spark,
    /// bounded by default (10,000 records/s), so that a backlog waiting at the start does not arrive as one huge batch.
    /// </summary>
    public double BackpressureInitialRate { get; set; } = 10_000;

    /// <summary>The PID estimator's gains for back-pressure.</summary>
    public BackpressureOptions Backpressure { get; set; } = new();

    /// <summary>
    /// Whether the first SIGTERM or Ctrl+C stops a running context gracefully (the running batch and the data
    /// received complete, then <c>AwaitTermination</c> returns) instead of ending the process at once; a second
    /// signal still ends it at once. Default on, unlike Spark's <c>spark.streaming.stopGracefullyOnShutdown</c>:
    /// a service manager's stop should not lose received data. Turn it off when the application handles signals itself.
    /// </summary>
    public bool StopGracefullyOnShutdown { get; set; } = true;

    /// <summary>Where <c>Print</c> writes; <see cref="Console.Out"/> when <see langword="null"/>.</summary>
    public TextWriter? Out { get; set; }

    /// <inheritdoc/>
    public override SluiceOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentOutOfRangeException.ThrowIfLessThan(ConcurrentJobs, 1, nameof(ConcurrentJobs));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BlockInterval, TimeSpan.Zero, nameof(BlockInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiverRestartDelay, TimeSpan.Zero, nameof(ReceiverRestartDelay));
        ArgumentOutOfRangeException.ThrowIfNegative(ReceiverMaxRate, nameof(ReceiverMaxRate));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FileStreamRememberWindow, TimeSpan.Zero, nameof(FileStreamRememberWindow));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BackpressureInitialRate, nameof(BackpressureInitialRate));
        ArgumentNullException.ThrowIfNull(Backpressure, nameof(Backpressure));
        Backpressure.Validate();
        if (!Enum.IsDefined(BatchFailurePolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchFailurePolicy), BatchFailurePolicy, "Unknown batch failure policy.");
        }

        return base.Validate();
    }
}
