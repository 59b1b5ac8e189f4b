namespace Sluice.Social;

/// <summary>Which of a Mastodon server's streaming timelines to read.</summary>
public enum MastodonTimeline
{
    /// <summary>Every public status the server knows of, its own and other servers' (<c>/api/v1/streaming/public</c>).</summary>
    Public,

    /// <summary>The public statuses of the server's own accounts (<c>/public/local</c>).</summary>
    Local,

    /// <summary>The public statuses of other servers' accounts (<c>/public/remote</c>).</summary>
    Remote,

    /// <summary>Public statuses with the hashtag <see cref="MastodonStreamOptions.Hashtag"/> (<c>/hashtag?tag=</c>).</summary>
    Hashtag,

    /// <summary>Public statuses of the server's own accounts with the hashtag (<c>/hashtag/local?tag=</c>).</summary>
    LocalHashtag,

    /// <summary>The home timeline of the access token's account (<c>/user</c>); needs <see cref="MastodonStreamOptions.AccessToken"/>.</summary>
    User,
}
