namespace Sluice.Social;

/// <summary>A post of a social network: an X post (tweet) or a Mastodon status.</summary>
/// <param name="Network">Where it was posted: <c>x</c> or <c>mastodon</c>.</param>
/// <param name="Id">The post's id on that network.</param>
/// <param name="Text">The post's text (a Mastodon status's HTML made plain text).</param>
/// <param name="Author">The author's user name (X) or account (Mastodon, <c>user</c> or <c>user@server</c>), when the stream gives it.</param>
/// <param name="CreatedAt">When it was posted, when the stream gives it.</param>
/// <param name="Hashtags">Its hashtags without the <c>#</c>, as written, in order: the network's own list when it gives one, else those found in the text.</param>
/// <param name="Language">Its language (BCP 47), when the network detected one.</param>
public sealed record SocialPost(string Network, string Id, string Text, string? Author, DateTimeOffset? CreatedAt, IReadOnlyList<string> Hashtags, string? Language);
