using System.Globalization;
using System.Text.Json;
using Sluice.HttpStreams;

namespace Sluice.Social;

/// <summary>
/// Reads the filtered stream's messages as posts: <c>data</c> (the post), <c>includes.users</c> (its author's user
/// name), fields in any order and any of them missing but <c>data.id</c> and <c>data.text</c>. A message without a
/// post (X's <c>errors</c>, such as an operational disconnect, or a type X adds later) is no post: it is reported.
/// </summary>
internal static class XPosts
{
    public static SocialPost Read(HttpStreamMessage message)
    {
        using (var document = JsonFields.Parse(message.Data, "X sent a line"))
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && JsonFields.Text(data, "id") is { } id && JsonFields.Text(data, "text") is { } text)
            {
                return new SocialPost("x", id, text, Author(root, JsonFields.Text(data, "author_id")), CreatedAt(data), Tags(data) ?? Hashtags.In(text), JsonFields.Text(data, "lang"));
            }

            var said = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                ? $"an error in the stream: {string.Join("; ", errors.EnumerateArray().Select(Error))}"
                : $"a message that is no post, starting {Start(message.Data)}";
            throw new FormatException($"X sent {said.TrimEnd('.')}; it holds no post.");
        }
    }

    private static string? Author(JsonElement root, string? authorId)
    {
        if (authorId is null || !root.TryGetProperty("includes", out var includes) || !includes.TryGetProperty("users", out var users) || users.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return users.EnumerateArray().Where(user => JsonFields.Text(user, "id") == authorId).Select(user => JsonFields.Text(user, "username")).FirstOrDefault();
    }

    private static DateTimeOffset? CreatedAt(JsonElement data)
        => DateTimeOffset.TryParse(JsonFields.Text(data, "created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static List<string>? Tags(JsonElement data)
        => data.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Object && entities.TryGetProperty("hashtags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Select(tag => JsonFields.Text(tag, "tag")).OfType<string>().ToList()
            : null;

    private static string Error(JsonElement error)
        => string.Join(": ", new[] { JsonFields.Text(error, "title"), JsonFields.Text(error, "detail") ?? JsonFields.Text(error, "message") }.OfType<string>());

    private static string Start(string data) => data.Length <= 80 ? data : $"{data[..80]}...";
}
