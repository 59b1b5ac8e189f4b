using Sluice.Streams;

namespace Sluice.Social;

/// <summary>Input streams from Mastodon's streaming API: a server's public, local, remote, hashtag or home timeline as posts.</summary>
public static class MastodonUtils
{
    /// <summary>The public statuses of <paramref name="serverUrl"/>, or those with <paramref name="hashtag"/>.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="serverUrl">The server's address, for example <c>https://mastodon.social</c>.</param>
    /// <param name="hashtag">A hashtag (without <c>#</c>) to read only its timeline; none reads the public timeline.</param>
    /// <param name="accessToken">An access token, for servers that stream only to signed-in apps.</param>
    /// <returns>The stream of posts.</returns>
    /// <exception cref="ArgumentException">The server's address is not valid.</exception>
    public static DStream<SocialPost> CreateStream(StreamingContext context, string serverUrl, string? hashtag = null, string? accessToken = null)
        => CreateStream(context, new MastodonStreamOptions
        {
            ServerUrl = serverUrl,
            Timeline = hashtag is null ? MastodonTimeline.Public : MastodonTimeline.Hashtag,
            Hashtag = hashtag,
            AccessToken = accessToken,
        });

    /// <summary>The statuses of a Mastodon timeline.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="options">The server, the timeline, and how to come back when the stream breaks.</param>
    /// <returns>The stream of posts.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message says which and why.</exception>
    public static DStream<SocialPost> CreateStream(StreamingContext context, MastodonStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return context.ReceiverStream(new MastodonStreamReceiver(options));
    }
}
