using System.Text.RegularExpressions;

namespace Sluice.Social;

/// <summary>Hashtags found in text, for posts whose network gives no list of them and for any text stream.</summary>
public static partial class Hashtags
{
    /// <summary>
    /// The hashtags in <paramref name="text"/>, without the <c>#</c>, as written, in order: a <c>#</c> (or <c>＃</c>)
    /// not preceded by a letter, digit or <c>&amp;</c>, then letters, digits, marks and underscores, with at least one
    /// that is not a digit (so <c>#1</c> is no hashtag, as on X and Mastodon).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The hashtags.</returns>
    public static IReadOnlyList<string> In(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<string>();
        foreach (Match match in Pattern().Matches(text))
        {
            var tag = match.Groups[1].Value;
            if (!tag.All(char.IsAsciiDigit))
            {
                found.Add(tag);
            }
        }

        return found;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}&_])[#＃]([\p{L}\p{M}\p{N}_]+)")]
    private static partial Regex Pattern();
}
