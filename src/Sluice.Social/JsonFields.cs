using System.Text.Json;

namespace Sluice.Social;

/// <summary>Fields read without trusting a service's JSON: a string member, or nothing when it is missing or of another kind.</summary>
internal static class JsonFields
{
    public static string? Text(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
