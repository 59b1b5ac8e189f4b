using System.Globalization;

namespace Sluice.Benchmarks;

/// <summary>Minimal <c>--name value</c> argument reading for the harnesses.</summary>
internal sealed class HarnessArgs(string[] args)
{
    public string? Get(string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public int GetInt(string name, int fallback) => Get(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public int[] GetInts(string name, int[] fallback)
        => Get(name) is { } text ? [.. text.Split(',').Select(part => int.Parse(part, CultureInfo.InvariantCulture))] : fallback;
}
