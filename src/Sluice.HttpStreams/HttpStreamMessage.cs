namespace Sluice.HttpStreams;

/// <summary>One message of an HTTP stream.</summary>
/// <param name="EventType">The server-sent event's type (<c>message</c> when the event names none); <see langword="null"/> for newline-delimited JSON.</param>
/// <param name="Data">The message's text: the JSON line, or the event's data (its <c>data:</c> lines joined by line feeds).</param>
/// <param name="Id">The last event id the server gave, on this event or one before it (as a browser's <c>lastEventId</c>); it is sent back as <c>Last-Event-ID</c> when reconnecting.</param>
public sealed record HttpStreamMessage(string? EventType, string Data, string? Id = null);
