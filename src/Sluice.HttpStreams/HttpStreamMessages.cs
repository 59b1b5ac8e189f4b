using System.Buffers;
using System.IO.Pipelines;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sluice.HttpStreams;

/// <summary>
/// Cuts a response body into messages by <see cref="HttpStreamOptions.Format"/>. Keep-alives are no messages; a
/// message that is too long or not UTF-8 is reported through <paramref name="report"/> and skipped.
/// </summary>
internal sealed class HttpStreamMessages(HttpStreamOptions options, Action<string> report)
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The id of the last server-sent event that had one, to send back as <c>Last-Event-ID</c>.</summary>
    public string? LastEventId { get; private set; }

    /// <summary>The wait before reconnecting that the server asked for with <c>retry:</c>, if it did.</summary>
    public TimeSpan? ServerRetry { get; private set; }

    public IAsyncEnumerable<HttpStreamMessage> ReadAsync(Stream body, CancellationToken token)
        => options.Format == HttpStreamFormat.ServerSentEvents ? ReadEventsAsync(body, token) : ReadLinesAsync(body, token);

    private async IAsyncEnumerable<HttpStreamMessage> ReadLinesAsync(Stream body, [EnumeratorCancellation] CancellationToken token)
    {
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            var skippingLongLine = false;
            while (true)
            {
                var result = await reader.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    if (skippingLongLine)
                    {
                        skippingLongLine = false;
                    }
                    else if (line.Length > options.MaxMessageBytes)
                    {
                        ReportTooLong();
                    }
                    else if (Decode(line.IsSingleSegment ? line.FirstSpan : line.ToArray()) is { Length: > 0 } text)
                    {
                        yield return new HttpStreamMessage(null, text);
                    }
                }

                if (buffer.Length > options.MaxMessageBytes)
                {
                    if (!skippingLongLine)
                    {
                        ReportTooLong();
                    }

                    skippingLongLine = true;
                    buffer = buffer.Slice(buffer.End);
                }

                if (result.IsCompleted)
                {
                    // The last line needs no line feed: a response that ends is a whole line's end.
                    if (!skippingLongLine && buffer.Length > 0 && Decode(buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray()) is { Length: > 0 } last)
                    {
                        yield return new HttpStreamMessage(null, last);
                    }

                    yield break;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<HttpStreamMessage> ReadEventsAsync(Stream body, [EnumeratorCancellation] CancellationToken token)
    {
        var parser = SseParser.Create(body, (eventType, data) => data.Length > options.MaxMessageBytes ? TooLong(eventType, data.Length) : Decode(data));
        await foreach (var item in parser.EnumerateAsync(token).ConfigureAwait(false))
        {
            LastEventId = parser.LastEventId is { Length: > 0 } id ? id : LastEventId;
            ServerRetry = parser.ReconnectionInterval is var retry && retry != Timeout.InfiniteTimeSpan ? retry : ServerRetry;
            if (item.Data is not null && (options.EventTypes is null || options.EventTypes.Contains(item.EventType)))
            {
                yield return new HttpStreamMessage(item.EventType, item.Data, LastEventId);
            }
        }
    }

    private void ReportTooLong()
        => report($"A line of {options.DisplayUrl} is longer than {options.MaxMessageBytes} bytes (MaxMessageBytes) and was skipped. Raise MaxMessageBytes if such messages are expected.");

    private string? TooLong(string eventType, int length)
    {
        report($"A '{eventType}' event of {options.DisplayUrl} has {length} bytes of data, more than MaxMessageBytes ({options.MaxMessageBytes}), and was skipped. Raise MaxMessageBytes if such events are expected.");
        return null;
    }

    /// <summary>The line as text, without a carriage return before its line feed; <see langword="null"/>, reported, when it is not UTF-8.</summary>
    private string? Decode(ReadOnlySpan<byte> line)
    {
        if (line.EndsWith("\r"u8))
        {
            line = line[..^1];
        }

        try
        {
            return s_strictUtf8.GetString(line);
        }
        catch (DecoderFallbackException error)
        {
            report($"A message of {options.DisplayUrl} ({line.Length} bytes) is not UTF-8 text (an invalid byte at index {error.Index}) and was skipped.");
            return null;
        }
    }
}
