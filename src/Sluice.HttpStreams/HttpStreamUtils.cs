using System.Text.Json;
using Sluice.Streams;

namespace Sluice.HttpStreams;

/// <summary>
/// Input streams from long-lived HTTP responses: newline-delimited JSON (X's filtered stream and the like) or
/// server-sent events (Mastodon's streaming API and the like), held open by a receiver that reconnects with back-off.
/// </summary>
public static class HttpStreamUtils
{
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web);

    /// <summary>A stream of the messages of the HTTP stream <paramref name="options"/> names.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The stream's URL, format and headers.</param>
    /// <returns>The stream of messages.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<HttpStreamMessage> CreateStream(StreamingContext context, HttpStreamOptions options)
        => CreateStream(context, options, static message => message);

    /// <summary>A stream of what <paramref name="convert"/> makes of each message.</summary>
    /// <typeparam name="T">What each message becomes.</typeparam>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The stream's URL, format and headers.</param>
    /// <param name="convert">What each message becomes. Throw <see cref="FormatException"/> for a message to report and skip.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<T> CreateStream<T>(StreamingContext context, HttpStreamOptions options, Func<HttpStreamMessage, T> convert)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ReceiverStream(new HttpStreamReceiver<T>(options, convert));
    }

    /// <summary>
    /// A stream of each message's JSON read as <typeparamref name="T"/> (System.Text.Json, web defaults: property
    /// names in camel case, matched without regard to case). A message that is not such JSON is reported and skipped.
    /// </summary>
    /// <typeparam name="T">The type each message's JSON is read as.</typeparam>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The stream's URL, format and headers.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<T> CreateJsonStream<T>(StreamingContext context, HttpStreamOptions options)
        => CreateStream(context, options, ReadJson<T>);

    private static T ReadJson<T>(HttpStreamMessage message)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(message.Data, s_web) ?? throw new JsonException("it is null");
        }
        catch (JsonException error)
        {
            var start = message.Data.Length <= 80 ? message.Data : $"{message.Data[..80]}...";
            throw new FormatException($"A message was skipped: it is not JSON of a {typeof(T).Name} ({error.Message}). It starts: {start}", error);
        }
    }
}
