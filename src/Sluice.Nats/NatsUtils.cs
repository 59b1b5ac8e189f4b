using Sluice.Streams;

namespace Sluice.Nats;

/// <summary>
/// Input streams from NATS: a direct, replayable stream over a JetStream stream's sequence numbers, exactly once with
/// a checkpoint, as Kafka's direct stream; and a receiver for core NATS subjects, at most once, as core NATS is.
/// </summary>
public static class NatsUtils
{
    /// <summary>
    /// A direct stream of the messages of the JetStream stream <see cref="NatsJetStreamOptions.Stream"/>: each batch
    /// reads a sequence range, recorded in the checkpoint, so that with a checkpoint each message is counted once,
    /// also across a crash.
    /// </summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The server, the stream, where to start, and how much a batch may take.</param>
    /// <returns>The stream of messages, each with its <see cref="NatsMessage.Sequence"/>.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<NatsMessage> CreateDirectStream(StreamingContext context, NatsJetStreamOptions options)
        => DirectStream(context, options, static message => message);

    /// <summary>
    /// A direct stream of the payloads of the JetStream stream's messages, as UTF-8 text. A payload that is not UTF-8
    /// fails its batch, naming its sequence number: read bytes with <see cref="CreateDirectStream"/> when the stream
    /// holds other things.
    /// </summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The server, the stream, where to start, and how much a batch may take.</param>
    /// <returns>The stream of payloads.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<string> CreateTextDirectStream(StreamingContext context, NatsJetStreamOptions options)
        => DirectStream(context, options, NatsMessages.ReadText);

    /// <summary>A stream of the messages published to <see cref="NatsSubjectOptions.Subjects"/>, by a receiver.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The server and the subjects.</param>
    /// <returns>The stream of messages.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<NatsMessage> CreateSubjectStream(StreamingContext context, NatsSubjectOptions options)
        => SubjectStream(context, options, static message => message);

    /// <summary>
    /// A stream of the payloads published to <see cref="NatsSubjectOptions.Subjects"/>, as UTF-8 text. A payload that
    /// is not UTF-8 is reported as the receiver's error and not stored.
    /// </summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The server and the subjects.</param>
    /// <returns>The stream of payloads.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<string> CreateTextSubjectStream(StreamingContext context, NatsSubjectOptions options)
        => SubjectStream(context, options, NatsMessages.ReceivedText);

    /// <summary>A stream of the payloads published to <paramref name="subjects"/> at <paramref name="url"/>, as UTF-8 text.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="url">The server's URL, <c>nats://HOST:PORT</c>.</param>
    /// <param name="subjects">The subjects to subscribe to.</param>
    /// <returns>The stream of payloads.</returns>
    /// <exception cref="ArgumentException">The URL or a subject is not valid.</exception>
    public static DStream<string> CreateTextSubjectStream(StreamingContext context, string url, params string[] subjects)
        => CreateTextSubjectStream(context, new NatsSubjectOptions { Url = url, Subjects = subjects });

    private static DirectJetStreamInputDStream<T> DirectStream<T>(StreamingContext context, NatsJetStreamOptions options, Func<NatsMessage, T> convert)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return new DirectJetStreamInputDStream<T>(context, options, options.Validate(), convert);
    }

    private static DStream<T> SubjectStream<T>(StreamingContext context, NatsSubjectOptions options, Func<NatsMessage, T> convert)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return context.ReceiverStream(new NatsSubjectReceiver<T>(options.Validate(), options.Subjects, options.QueueGroup, convert));
    }
}
