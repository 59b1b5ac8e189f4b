namespace Sluice.RabbitMQ;

/// <summary>The stream queue a direct stream reads, where it starts, and how much each batch may take.</summary>
public sealed record RabbitMQStreamQueueOptions
{
    /// <summary>The broker's AMQP URI, <c>amqp://USER:PASSWORD@HOST:PORT/VHOST</c>. Default <c>amqp://localhost:5672/</c> (user guest).</summary>
    public string Url { get; init; } = "amqp://localhost:5672/";

    /// <summary>The stream queue to read (declared with <c>x-queue-type: stream</c>; it must exist).</summary>
    public string Queue { get; init; } = "";

    /// <summary>Where to start without a checkpoint. Default <see cref="RabbitMQStreamStart.Next"/>.</summary>
    public RabbitMQStreamStart StartFrom { get; init; } = RabbitMQStreamStart.Next;

    /// <summary>The offset to start at without a checkpoint, in place of <see cref="StartFrom"/>; none when null.</summary>
    public long? StartingOffset { get; init; }

    /// <summary>
    /// How many tasks read each batch's range, each a part of it, in parallel. Default 1. Each starts its own
    /// consumer at its part's offset.
    /// </summary>
    public int ReadersPerBatch { get; init; } = 1;

    /// <summary>The most records per second a batch takes; no limit when null (back-pressure may still bound it).</summary>
    public double? MaxRatePerSecond { get; init; }

    /// <summary>The most records the first batch takes (Spark's <c>maxRatePerPartition</c> for a first batch); the initial back-pressure rate times the interval when null.</summary>
    public long? MaxRecordsFirstBatch { get; init; }

    /// <summary>The most deliveries a consumer (a reader, and the one following the end) holds unacknowledged. Default 1,000.</summary>
    public int Prefetch { get; init; } = 1000;

    /// <summary>How long a reader waits for an offset the batch planned before its task fails (and is retried). Default 30 s.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting may take before it counts as failed. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal RabbitMQEndpoint Validate()
    {
        var endpoint = RabbitMQOptionChecks.Endpoint(Url, Queue, ConnectTimeout);
        if (!Enum.IsDefined(StartFrom))
        {
            throw new ArgumentOutOfRangeException(nameof(StartFrom), StartFrom, "Start from Next or First.");
        }

        if (StartingOffset is { } offset)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(offset, nameof(StartingOffset));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ReadersPerBatch, 1, nameof(ReadersPerBatch));
        if (MaxRatePerSecond is { } rate)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rate, 0, nameof(MaxRatePerSecond));
        }

        if (MaxRecordsFirstBatch is { } first)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(first, 1, nameof(MaxRecordsFirstBatch));
        }

        RabbitMQOptionChecks.Prefetch(Prefetch, nameof(Prefetch));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReadTimeout, TimeSpan.Zero, nameof(ReadTimeout));
        return endpoint;
    }
}
