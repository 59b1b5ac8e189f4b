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

    /// <summary>Where <c>Print</c> writes; <see cref="Console.Out"/> when <see langword="null"/>.</summary>
    public TextWriter? Out { get; set; }

    internal override SluiceOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentOutOfRangeException.ThrowIfLessThan(ConcurrentJobs, 1, nameof(ConcurrentJobs));
        if (!Enum.IsDefined(BatchFailurePolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchFailurePolicy), BatchFailurePolicy, "Unknown batch failure policy.");
        }

        return base.Validate();
    }
}
