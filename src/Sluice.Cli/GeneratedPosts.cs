using System.Text.Json.Nodes;

namespace Sluice.Cli;

/// <summary>
/// Social-media-like posts for <c>sluice demo hashtags</c>, as Mastodon statuses: hashtags drawn with a long tail (a
/// few common, most rare), and one trending tag at a time that is in a third of the posts for a minute's worth of
/// posts, then gives way to the next, so the window's ranking moves.
/// </summary>
internal sealed class GeneratedPosts(int postsPerMinute, int seed = 7)
{
    private static readonly string[] s_tags =
    [
        "dotnet", "csharp", "streaming", "spark", "kafka", "opensource", "programming", "linux", "devops", "rust",
        "python", "databases", "postgresql", "cloud", "kubernetes", "webdev", "ai", "security", "testing", "music",
        "photography", "coffee", "cats", "running", "books", "gardening", "cycling", "cooking", "travel", "football",
    ];

    private static readonly string[] s_trending = ["dotnetconf", "sluice", "aurora", "eclipse", "marathon", "release"];

    private static readonly string[] s_templates =
    [
        "Trying {0} with {1} today", "Notes on {0}: it keeps getting better", "Anyone else into {0} and {1}?",
        "Weekend plans: {0}", "Reading about {0} this morning", "Hot take on {0} and {1}",
    ];

    private readonly Random _random = new(seed);
    private long _count;

    /// <summary>The next post, as the JSON of a Mastodon Status.</summary>
    public string Next()
    {
        var id = ++_count;
        var tags = new List<string> { Common(), Common() };
        if (_random.NextDouble() < 1.0 / 3)
        {
            tags.Add(s_trending[(int)(id / Math.Max(postsPerMinute, 1) % s_trending.Length)]);
        }

        tags = [.. tags.Distinct()];
        var words = tags.Select(tag => $"<a href=\"https://demo.invalid/tags/{tag}\" class=\"mention hashtag\" rel=\"tag\">#<span>{tag}</span></a>").ToList();
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, s_templates[_random.Next(s_templates.Length)], words[0], words[1 % words.Count]);
        var status = new JsonObject
        {
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["created_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["language"] = "en",
            ["content"] = $"<p>{text} {string.Join(' ', words.Skip(2))}</p>",
            ["account"] = new JsonObject { ["acct"] = $"user{_random.Next(500)}@demo.invalid" },
            ["tags"] = new JsonArray([.. tags.Select(tag => (JsonNode)new JsonObject { ["name"] = tag })]),
        };
        return status.ToJsonString();
    }

    /// <summary>A common tag: the first ones far more often than the last (a long tail).</summary>
    private string Common() => s_tags[(int)(s_tags.Length * Math.Pow(_random.NextDouble(), 2.5))];
}
