namespace Sluice.HttpStreams;

/// <summary>Which HTTP stream to hold open, how to cut it into messages, and how to come back when it breaks.</summary>
public sealed record HttpStreamOptions
{
    /// <summary>The stream's absolute <c>http</c> or <c>https</c> URL, requested with <c>GET</c>.</summary>
    public string Url { get; init; } = "";

    /// <summary>How the response body is cut into messages. Default <see cref="HttpStreamFormat.NewlineDelimitedJson"/>.</summary>
    public HttpStreamFormat Format { get; init; } = HttpStreamFormat.NewlineDelimitedJson;

    /// <summary>
    /// Request headers, such as <c>Authorization</c>. Their values are never written to logs or errors. Default none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Server-sent event types to keep (for example Mastodon's <c>update</c>); others are skipped. Default all.
    /// Not used for newline-delimited JSON.
    /// </summary>
    public IReadOnlyList<string>? EventTypes { get; init; }

    /// <summary>
    /// How long the stream may send nothing, not even a keep-alive, before it is taken for stalled and opened again.
    /// Set it above the server's keep-alive interval (X sends one every 20 s). Default 90 s.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a TCP (and TLS) connection may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest message accepted, in bytes; a longer one is reported and skipped. Default 1 MiB.</summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024;

    /// <summary>How long to wait before connecting again, by what ended the last attempt. Default X's documented schedule.</summary>
    public ReconnectBackoff Backoff { get; init; } = new();

    /// <summary>The URL without its query, which may hold a token: what logs and errors name.</summary>
    internal string DisplayUrl => new Uri(Url).GetLeftPart(UriPartial.Path);

    internal HttpStreamOptions Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{Url}' is not an absolute http or https URL. Give the stream's URL, for example https://api.x.com/2/tweets/search/stream.", nameof(Url));
        }

        ArgumentNullException.ThrowIfNull(Headers, nameof(Headers));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdleTimeout, TimeSpan.Zero, nameof(IdleTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageBytes, 1, nameof(MaxMessageBytes));
        ArgumentNullException.ThrowIfNull(Backoff, nameof(Backoff));
        Backoff.Validate();
        return this;
    }
}
