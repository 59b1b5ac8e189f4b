using System.Net;
using Sluice.HttpStreams;

namespace Sluice.Social;

/// <summary>A Mastodon streaming timeline's <c>update</c> events as posts.</summary>
internal sealed class MastodonStreamReceiver(MastodonStreamOptions options)
    : HttpStreamReceiver<SocialPost>(options.Validate().Stream(), MastodonPosts.Read)
{
    protected override string DescribeAnswer(HttpStatusCode status, string? reason, string body)
        => status == HttpStatusCode.Unauthorized && options.AccessToken is null
            ? $"{HttpStreamErrors.DescribeAnswer(status, reason, body)} This server streams only to signed-in apps: give an access token (MastodonStreamOptions.AccessToken, or --mastodon-token)."
            : HttpStreamErrors.DescribeAnswer(status, reason, body);
}
