using Sluice.Social;

namespace Sluice.Cli;

/// <summary>
/// What <c>sluice hashtags</c> counts: a post, or a line of any text source, as a line of its hashtags, <c>#</c>
/// first and in lower case (so <c>#DotNet</c> and <c>#dotnet</c> count as one), separated by spaces, for the word
/// count to count.
/// </summary>
internal static class HashtagLines
{
    public static string Of(SocialPost post) => Line(post.Hashtags);

    public static string Of(string text) => Line(Hashtags.In(text));

    private static string Line(IReadOnlyList<string> tags) => string.Join(' ', tags.Select(static tag => $"#{tag.ToLowerInvariant()}"));
}
