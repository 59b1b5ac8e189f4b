using Sluice.HttpStreams;

namespace Sluice.Social;

/// <summary>Which X filtered stream to read, with which rules, and how to come back when it breaks.</summary>
public sealed record XStreamOptions
{
    /// <summary>The app's bearer token (OAuth 2.0 app-only). It is never written to logs or errors.</summary>
    public string BearerToken { get; init; } = "";

    /// <summary>
    /// Rules the stream must have: those missing are checked with a dry run, then added, when the receiver starts. An
    /// invalid rule stops the receiver, saying why. Default none: the stream keeps the rules it has.
    /// </summary>
    public IReadOnlyList<XStreamRule> Rules { get; init; } = [];

    /// <summary>Whether rules the stream has and <see cref="Rules"/> does not name are deleted when the receiver starts. Default <see langword="false"/>: other rules, which other programs may rely on, stay.</summary>
    public bool RemoveOtherRules { get; init; }

    /// <summary>X's API address. Default <c>https://api.x.com</c>.</summary>
    public string ApiUrl { get; init; } = "https://api.x.com";

    /// <summary>
    /// Minutes of posts (1 to 5) X sends again after a reconnection, so that a short disconnection loses nothing; X
    /// offers it to some access levels only. Posts can then arrive twice. Default 0: none.
    /// </summary>
    public int BackfillMinutes { get; init; }

    /// <summary>How long the stream may send nothing before it is taken for stalled and opened again. X sends a keep-alive every 20 s. Default 30 s.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait before connecting again. Default X's documented schedule.</summary>
    public ReconnectBackoff Backoff { get; init; } = new();

    internal XStreamOptions Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(BearerToken, nameof(BearerToken));
        ArgumentNullException.ThrowIfNull(Rules, nameof(Rules));
        foreach (var rule in Rules)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(rule?.Value, nameof(Rules));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BackfillMinutes, 0, nameof(BackfillMinutes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BackfillMinutes, 5, nameof(BackfillMinutes));
        return this;
    }

    /// <summary>The HTTP stream of the filtered stream, with the fields a <see cref="SocialPost"/> needs, asking for <paramref name="backfillMinutes"/> of posts again.</summary>
    internal HttpStreamOptions Stream(int backfillMinutes) => new()
    {
        Url = $"{ApiUrl.TrimEnd('/')}/2/tweets/search/stream?tweet.fields=created_at,lang,author_id,entities&expansions=author_id&user.fields=username"
            + (backfillMinutes > 0 ? $"&backfill_minutes={backfillMinutes}" : ""),
        Format = HttpStreamFormat.NewlineDelimitedJson,
        Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {BearerToken}" },
        IdleTimeout = IdleTimeout,
        Backoff = Backoff,
    };
}
