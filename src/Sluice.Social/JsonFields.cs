using System.Text.Json;

namespace Sluice.Social;

/// <summary>A service's JSON read without trusting it: a message that does not parse is a <see cref="FormatException"/> to report; a field is a string member, or nothing when it is missing or of another kind.</summary>
internal static class JsonFields
{
    /// <param name="data">The message's text.</param>
    /// <param name="what">What the service sent, for the report: <c>X sent a line</c>.</param>
    public static JsonDocument Parse(string data, string what)
    {
        try
        {
            return JsonDocument.Parse(data);
        }
        catch (JsonException error)
        {
            throw new FormatException($"{what} that is not JSON ({error.Message}); it was skipped.", error);
        }
    }

    public static string? Text(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
