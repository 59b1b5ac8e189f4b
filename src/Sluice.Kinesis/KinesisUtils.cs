using System.Text;
using Sluice.Streams;

namespace Sluice.Kinesis;

/// <summary>
/// Input streams from Amazon Kinesis Data Streams, as Spark's <c>KinesisInputDStream</c> but direct: each batch reads
/// a sequence-number range per shard, recorded in the checkpoint, so a crash replays exactly what was read.
/// </summary>
public static class KinesisUtils
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A direct stream of the records of <see cref="KinesisStreamOptions.StreamName"/>, following its shards' splits and merges.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The stream, the endpoint and credentials, where to start, and how much a batch may take.</param>
    /// <returns>The stream of records.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<KinesisRecord> CreateDirectStream(StreamingContext context, KinesisStreamOptions options)
        => DirectStream(context, options, static record => record);

    /// <summary>
    /// A direct stream of the records' data as UTF-8 text. Data that is not UTF-8 fails its batch, naming the record:
    /// read bytes with <see cref="CreateDirectStream"/> when the stream holds other things.
    /// </summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The stream, the endpoint and credentials, where to start, and how much a batch may take.</param>
    /// <returns>The stream of text.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<string> CreateTextDirectStream(StreamingContext context, KinesisStreamOptions options)
        => DirectStream(context, options, Text);

    private static DirectKinesisInputDStream<T> DirectStream<T>(StreamingContext context, KinesisStreamOptions options, Func<KinesisRecord, T> convert)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return new DirectKinesisInputDStream<T>(context, options, options.Validate(), convert);
    }

    private static string Text(KinesisRecord record)
    {
        try
        {
            return s_strictUtf8.GetString(record.Data);
        }
        catch (DecoderFallbackException error)
        {
            throw new FormatException(
                $"The record {record.SequenceNumber} of shard {record.ShardId} cannot be read as text: its {record.Data.Length} bytes are not UTF-8 (an invalid byte at index {error.Index}). Put text, or read bytes with KinesisUtils.CreateDirectStream.",
                error);
        }
    }
}
