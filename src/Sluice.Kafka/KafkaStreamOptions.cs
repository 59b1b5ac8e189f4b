namespace Sluice.Kafka;

/// <summary>Options of a Kafka direct stream (Spark's <c>spark.streaming.kafka.*</c> settings).</summary>
public sealed record KafkaStreamOptions
{
    /// <summary>
    /// The most records per second each partition contributes to a batch (Spark's
    /// <c>spark.streaming.kafka.maxRatePerPartition</c>); null for no limit. Back-pressure, when the context has it
    /// on, lowers the rate further, split over partitions in proportion to their lag.
    /// </summary>
    public double? MaxRatePerPartition { get; init; }

    /// <summary>
    /// The most records the first batch after a start or a recovery reads, over all partitions; later batches follow
    /// <see cref="MaxRatePerPartition"/> and back-pressure. Unlike Spark, bounded by default: null means the
    /// context's <c>BackpressureInitialRate</c> times the batch interval, so a waiting backlog does not arrive as one
    /// huge batch. <see cref="long.MaxValue"/> for no bound.
    /// </summary>
    public long? MaxRecordsFirstBatch { get; init; }

    /// <summary>What to do when offsets to read were deleted by retention. Default <see cref="OffsetOutOfRangePolicy.Fail"/>.</summary>
    public OffsetOutOfRangePolicy OnOffsetOutOfRange { get; init; } = OffsetOutOfRangePolicy.Fail;

    /// <summary>How long a task waits for the records of its range before it fails (Spark's <c>spark.streaming.kafka.consumer.poll.ms</c>). Default 30 s.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one query of a partition's offsets may take. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an offset query that failed (an unreachable broker) is tried again before the batch fails. Default 3.</summary>
    public int RequestRetries { get; init; } = 3;

    /// <summary>The wait before an offset query is tried again. Default 1 s.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(1);

    internal KafkaStreamOptions Validate()
    {
        if (MaxRatePerPartition is { } rate)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate, nameof(MaxRatePerPartition));
        }

        if (MaxRecordsFirstBatch is { } first)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(first, nameof(MaxRecordsFirstBatch));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollTimeout, TimeSpan.Zero, nameof(PollTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(RequestRetries, nameof(RequestRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBackoff, TimeSpan.Zero, nameof(RetryBackoff));
        return this;
    }
}
