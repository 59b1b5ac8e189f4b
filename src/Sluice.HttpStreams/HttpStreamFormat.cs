namespace Sluice.HttpStreams;

/// <summary>How an HTTP stream's response body is cut into messages.</summary>
public enum HttpStreamFormat
{
    /// <summary>
    /// One JSON document a line (<c>application/x-ndjson</c>, as X's filtered stream sends). A blank line is a
    /// keep-alive and no message.
    /// </summary>
    NewlineDelimitedJson,

    /// <summary>
    /// Server-sent events (<c>text/event-stream</c>, as Mastodon's streaming API sends): <c>event:</c>, <c>data:</c>,
    /// <c>id:</c> and <c>retry:</c> fields, an event a blank line. Comment lines (<c>:</c>) are heartbeats and no message.
    /// </summary>
    ServerSentEvents,
}
