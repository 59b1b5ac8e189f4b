using Sluice.HttpStreams;

namespace Sluice.Social;

/// <summary>Which Mastodon server and timeline to read, and how to come back when the stream breaks.</summary>
public sealed record MastodonStreamOptions
{
    /// <summary>The server's address, for example <c>https://mastodon.social</c>.</summary>
    public string ServerUrl { get; init; } = "";

    /// <summary>The timeline. Default <see cref="MastodonTimeline.Public"/>.</summary>
    public MastodonTimeline Timeline { get; init; } = MastodonTimeline.Public;

    /// <summary>The hashtag, without <c>#</c>, of the <see cref="MastodonTimeline.Hashtag"/> and <see cref="MastodonTimeline.LocalHashtag"/> timelines.</summary>
    public string? Hashtag { get; init; }

    /// <summary>An access token (many servers ask for one even for public timelines; <see cref="MastodonTimeline.User"/> always does). It is never written to logs or errors. Default none.</summary>
    public string? AccessToken { get; init; }

    /// <summary>How long the stream may send nothing, not even a heartbeat, before it is taken for stalled and opened again. Mastodon sends a heartbeat comment every few seconds. Default 60 s.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait before connecting again. Default the schedule of <see cref="ReconnectBackoff"/>.</summary>
    public ReconnectBackoff Backoff { get; init; } = new();

    internal MastodonStreamOptions Validate()
    {
        if (!Uri.TryCreate(ServerUrl, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{ServerUrl}' is not a Mastodon server's address. Give it as https://SERVER, for example https://mastodon.social.", nameof(ServerUrl));
        }

        if (Timeline is MastodonTimeline.Hashtag or MastodonTimeline.LocalHashtag && string.IsNullOrWhiteSpace(Hashtag?.TrimStart('#')))
        {
            throw new ArgumentException($"The {Timeline} timeline needs a Hashtag.", nameof(Hashtag));
        }

        if (Timeline == MastodonTimeline.User && string.IsNullOrWhiteSpace(AccessToken))
        {
            throw new ArgumentException("The User timeline needs an AccessToken of the account.", nameof(AccessToken));
        }

        return this;
    }

    internal HttpStreamOptions Stream() => new()
    {
        Url = $"{ServerUrl.TrimEnd('/')}/api/v1/streaming/{Timeline switch
        {
            MastodonTimeline.Local => "public/local",
            MastodonTimeline.Remote => "public/remote",
            MastodonTimeline.Hashtag => $"hashtag?tag={Uri.EscapeDataString(Hashtag!.TrimStart('#'))}",
            MastodonTimeline.LocalHashtag => $"hashtag/local?tag={Uri.EscapeDataString(Hashtag!.TrimStart('#'))}",
            MastodonTimeline.User => "user",
            _ => "public",
        }}",
        Format = HttpStreamFormat.ServerSentEvents,
        EventTypes = ["update"],
        Headers = AccessToken is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Authorization"] = $"Bearer {AccessToken}" },
        IdleTimeout = IdleTimeout,
        Backoff = Backoff,
    };
}
