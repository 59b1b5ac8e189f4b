using Sluice.Streams;

namespace Sluice.RabbitMQ;

/// <summary>
/// Input streams from RabbitMQ: a receiver on a classic or quorum queue, which acknowledges deliveries only once
/// they are stored, so a crash makes the broker deliver them again rather than lose them; and a direct, replayable
/// stream over a stream queue's offsets, exactly once with a checkpoint, as Kafka's direct stream.
/// </summary>
public static class RabbitMQUtils
{
    /// <summary>A stream of the messages delivered from <see cref="RabbitMQQueueOptions.Queue"/>, by a receiver.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The broker, the queue, and how to acknowledge.</param>
    /// <returns>The stream of messages.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<RabbitMQMessage> CreateQueueStream(StreamingContext context, RabbitMQQueueOptions options)
        => QueueStream(context, options, static message => message);

    /// <summary>
    /// A stream of the bodies delivered from <see cref="RabbitMQQueueOptions.Queue"/>, as UTF-8 text. A body that is
    /// not UTF-8 is reported as the receiver's error and not stored.
    /// </summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The broker, the queue, and how to acknowledge.</param>
    /// <returns>The stream of bodies.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<string> CreateTextQueueStream(StreamingContext context, RabbitMQQueueOptions options)
        => QueueStream(context, options, RabbitMQText.Received);

    /// <summary>A stream of the bodies delivered from <paramref name="queue"/> at <paramref name="url"/>, as UTF-8 text.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="url">The broker's AMQP URI, <c>amqp://USER:PASSWORD@HOST:PORT/VHOST</c>.</param>
    /// <param name="queue">The queue to consume.</param>
    /// <returns>The stream of bodies.</returns>
    /// <exception cref="ArgumentException">The URI or the queue is not valid.</exception>
    public static DStream<string> CreateTextQueueStream(StreamingContext context, string url, string queue)
        => CreateTextQueueStream(context, new RabbitMQQueueOptions { Url = url, Queue = queue });

    /// <summary>
    /// A direct stream of the messages of the stream queue <see cref="RabbitMQStreamQueueOptions.Queue"/>: each batch
    /// reads an offset range, recorded in the checkpoint, so that with a checkpoint each message is counted once,
    /// also across a crash.
    /// </summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The broker, the stream queue, where to start, and how much a batch may take.</param>
    /// <returns>The stream of messages, each with its <see cref="RabbitMQMessage.Offset"/>.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<RabbitMQMessage> CreateDirectStream(StreamingContext context, RabbitMQStreamQueueOptions options)
        => DirectStream(context, options, static message => message);

    /// <summary>
    /// A direct stream of the bodies of the stream queue's messages, as UTF-8 text. A body that is not UTF-8 fails
    /// its batch, naming the message's offset: read bytes with <see cref="CreateDirectStream"/> when the queue holds
    /// other things.
    /// </summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The broker, the stream queue, where to start, and how much a batch may take.</param>
    /// <returns>The stream of bodies.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<string> CreateTextDirectStream(StreamingContext context, RabbitMQStreamQueueOptions options)
        => DirectStream(context, options, RabbitMQText.Read);

    private static DStream<T> QueueStream<T>(StreamingContext context, RabbitMQQueueOptions options, Func<RabbitMQMessage, T> convert)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return context.ReceiverStream(new RabbitMQReceiver<T>(options.Validate(), options.Prefetch, options.FlushInterval, convert));
    }

    private static DirectRabbitMQInputDStream<T> DirectStream<T>(StreamingContext context, RabbitMQStreamQueueOptions options, Func<RabbitMQMessage, T> convert)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return new DirectRabbitMQInputDStream<T>(context, options, options.Validate(), convert);
    }
}
