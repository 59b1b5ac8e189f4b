using Sluice.Datasets;
using Sluice.Sources;
using Sluice.Streams;
using Sluice.Text;

namespace Sluice;

public sealed partial class StreamingContext
{
    /// <summary>The default for the <c>maxLineLength</c> of <see cref="SocketTextStream"/>: 1 MiB.</summary>
    public const int DefaultMaxLineLength = 1 << 20;

    /// <summary>An input stream fed by a user-defined receiver (Spark's <c>receiverStream</c>).</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="receiver">The receiver; one instance per stream.</param>
    public DStream<T> ReceiverStream<T>(Receiver<T> receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        return new ReceiverInputDStream<T>(this, receiver, "receiverStream");
    }

    /// <summary>
    /// Lines of UTF-8 text read from a TCP server, as Spark's <c>socketTextStream</c>: split on <c>\n</c> with a
    /// trailing <c>\r</c> removed, invalid bytes replaced by U+FFFD. When the connection fails or the server closes
    /// it, the error is reported and the receiver connects again after the restart delay. A last line the server
    /// closes the connection in the middle of is kept, with a warning.
    /// </summary>
    /// <param name="host">The server's host name or address.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="maxLineLength">The longest line kept, in bytes; a longer line is reported and skipped.</param>
    public DStream<string> SocketTextStream(string host, int port, int maxLineLength = DefaultMaxLineLength)
        => SocketLines<string>(host, port, maxLineLength, "socketTextStream");

    /// <summary>
    /// Lines of text read from a TCP server, as <see cref="SocketTextStream"/> reads them, kept as their UTF-8 bytes:
    /// each line a task reads is a view of its received block, so a pipeline of <see cref="Utf8Text"/> operators
    /// (<see cref="TextDStreamExtensions.Words"/>) makes no string at all. Bytes that are not valid UTF-8 are kept
    /// as received, and become U+FFFD only if a line is turned into a string.
    /// </summary>
    /// <param name="host">The server's host name or address.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="maxLineLength">The longest line kept, in bytes; a longer line is reported and skipped.</param>
    public DStream<Utf8Text> SocketUtf8TextStream(string host, int port, int maxLineLength = DefaultMaxLineLength)
        => SocketLines<Utf8Text>(host, port, maxLineLength, "socketUtf8TextStream");

    /// <summary>Lines from a socket as strings or as text: their codecs write the same bytes, which the receiver stores as read.</summary>
    private ReceiverInputDStream<T> SocketLines<T>(string host, int port, int maxLineLength, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineLength);
        var source = $"{host}:{port}";
        var receiver = new SocketReceiver<T>(host, port, (stream, logger, self, cancellationToken) =>
            Utf8LineReader.ReadLines(
                stream,
                maxLineLength,
                () => ReceiverLog.LineTooLong(logger, maxLineLength, source),
                length => ReceiverLog.UnterminatedLastLine(logger, source, length),
                (lines, count) =>
                {
                    if (self.IsStopped)
                    {
                        return false;
                    }

                    self.StoreEncoded(lines, count); // the lines stay bytes until a task reads them
                    return true;
                },
                cancellationToken));
        return new ReceiverInputDStream<T>(this, receiver, kind);
    }

    /// <summary>
    /// Records read from a TCP server with a converter of your own for the framing (Spark's <c>socketStream</c>).
    /// </summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="host">The server's host name or address.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="converter">Reads records from the connection's stream until it ends.</param>
    public DStream<T> SocketStream<T>(string host, int port, Func<Stream, IEnumerable<T>> converter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentNullException.ThrowIfNull(converter);
        return new ReceiverInputDStream<T>(this, SocketReceiver<T>.OfRecords(host, port, (stream, _, _) => converter(stream)), "socketStream");
    }

    /// <summary>
    /// Length-prefixed frames read from a TCP server: each record is the payload of one frame, a 4-byte big-endian
    /// length followed by that many bytes. A stream that is not framed this way is reported and read again after
    /// the restart delay.
    /// </summary>
    /// <param name="host">The server's host name or address.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="maxFrameLength">The largest frame accepted, in bytes; default 16 MiB.</param>
    public DStream<byte[]> RawSocketStream(string host, int port, int maxFrameLength = 16 << 20)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameLength);
        var source = $"{host}:{port}";
        var receiver = SocketReceiver<byte[]>.OfRecords(host, port, (stream, _, cancellationToken) => LengthPrefixedFrameReader.ReadFrames(stream, maxFrameLength, source, cancellationToken));
        return new ReceiverInputDStream<byte[]>(this, receiver, "rawSocketStream");
    }

    /// <summary>
    /// A receiver on an executor holds one of its slots, as in Spark; one on the driver (any <c>local</c> master) reads
    /// on a thread of its own and holds no worker, so <c>local[1]</c> runs a receiver and its batches.
    /// </summary>
    private void CheckWorkersForReceivers()
    {
        var workers = SluiceContext.DefaultParallelism;
        var holding = Receivers.OnExecutors;
        if (holding > 0 && holding >= workers)
        {
            throw new InvalidOperationException(
                $"{holding} receiver(s) on executors each hold a slot, and master '{Options.Master}' has {workers}, which leaves none to process " +
                $"the received data. Give the executors at least {holding + 1} slots in all (local-cluster[{holding + 1},1], or more executors).");
        }
    }
}
