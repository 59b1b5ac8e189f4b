using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.HttpStreams;

namespace Sluice.Social;

/// <summary>
/// Reads a Mastodon <c>update</c> event's Status as a post: its HTML content made plain text (paragraphs and line
/// breaks kept as line feeds), its <c>tags</c>, its account's <c>acct</c>.
/// </summary>
internal static partial class MastodonPosts
{
    public static SocialPost Read(HttpStreamMessage message)
    {
        using (var document = JsonFields.Parse(message.Data, "Mastodon sent an update with data"))
        {
            var status = document.RootElement;
            if (JsonFields.Text(status, "id") is not { } id || JsonFields.Text(status, "content") is not { } content)
            {
                throw new FormatException("Mastodon sent an update that is no status (it has no id or content); it was skipped.");
            }

            var text = PlainText(content);
            var author = status.TryGetProperty("account", out var account) ? JsonFields.Text(account, "acct") : null;
            var created = DateTimeOffset.TryParse(JsonFields.Text(status, "created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
            var tags = status.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(tag => JsonFields.Text(tag, "name")).OfType<string>().ToList()
                : Hashtags.In(text);
            return new SocialPost("mastodon", id, text, author, created, tags, JsonFields.Text(status, "language"));
        }
    }

    /// <summary>Mastodon's status HTML as text: breaks and paragraph ends become line feeds, tags go, entities are decoded.</summary>
    internal static string PlainText(string html)
        => WebUtility.HtmlDecode(Tag().Replace(Break().Replace(html, "\n"), "")).Trim();

    [GeneratedRegex(@"<br\s*/?>|</p>\s*<p[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Break();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
