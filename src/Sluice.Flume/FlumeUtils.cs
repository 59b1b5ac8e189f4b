using System.Text;
using Sluice.Streams;

namespace Sluice.Flume;

/// <summary>
/// Input streams from Apache Flume, as Spark's <c>FlumeUtils.createStream</c>: a receiver that Flume's Avro sink
/// sends events to (push-based), answering <c>OK</c> only once the events are stored.
/// </summary>
public static class FlumeUtils
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A stream of the events Flume's Avro sink sends to <paramref name="host"/>:<paramref name="port"/>, as Spark's <c>FlumeUtils.createStream(ssc, hostname, port)</c>.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="host">The address to listen on, which the Avro sink's <c>hostname</c> names.</param>
    /// <param name="port">The port to listen on, which the Avro sink's <c>port</c> names.</param>
    /// <returns>The stream of events.</returns>
    /// <exception cref="ArgumentException">The host or port is not valid.</exception>
    public static DStream<FlumeEvent> CreateStream(StreamingContext context, string host, int port)
        => CreateStream(context, new FlumeStreamOptions { Host = host, Port = port });

    /// <summary>A stream of the events Flume's Avro sink sends to the receiver.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">Where to listen.</param>
    /// <returns>The stream of events.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<FlumeEvent> CreateStream(StreamingContext context, FlumeStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return context.ReceiverStream(new FlumeReceiver<FlumeEvent>(options.Validate(), static flumeEvent => flumeEvent));
    }

    /// <summary>A stream of the events' bodies as UTF-8 text. A body that is not UTF-8 is reported as the receiver's error and not stored.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">Where to listen.</param>
    /// <returns>The stream of bodies.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<string> CreateTextStream(StreamingContext context, FlumeStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return context.ReceiverStream(new FlumeReceiver<string>(options.Validate(), Text));
    }

    private static string Text(FlumeEvent flumeEvent)
    {
        try
        {
            return s_strictUtf8.GetString(flumeEvent.Body);
        }
        catch (DecoderFallbackException error)
        {
            throw new FormatException(
                $"A Flume event was dropped: its body of {flumeEvent.Body.Length} bytes is not UTF-8 text (an invalid byte at index {error.Index}). Send text, or read bytes with FlumeUtils.CreateStream.",
                error);
        }
    }
}
