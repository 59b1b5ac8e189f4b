namespace Sluice.RabbitMQ;

/// <summary>The queue a RabbitMQ receiver consumes, and how it acknowledges.</summary>
public sealed record RabbitMQQueueOptions
{
    /// <summary>The broker's AMQP URI, <c>amqp://USER:PASSWORD@HOST:PORT/VHOST</c>. Default <c>amqp://localhost:5672/</c> (user guest).</summary>
    public string Url { get; init; } = "amqp://localhost:5672/";

    /// <summary>The queue to consume (classic or quorum; it must exist).</summary>
    public string Queue { get; init; } = "";

    /// <summary>
    /// The most deliveries the broker sends before they are acknowledged (the channel's prefetch); they are stored
    /// as soon as half of it waits. Default 1,000.
    /// </summary>
    public int Prefetch { get; init; } = 1000;

    /// <summary>How often received deliveries are stored as a block and then acknowledged. Default 200 ms, Spark's block interval.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long connecting may take before it counts as failed. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal RabbitMQEndpoint Validate()
    {
        var endpoint = RabbitMQOptionChecks.Endpoint(Url, Queue, ConnectTimeout);
        RabbitMQOptionChecks.Prefetch(Prefetch, nameof(Prefetch));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FlushInterval, TimeSpan.Zero, nameof(FlushInterval));
        return endpoint;
    }
}
