using System.Globalization;

namespace Sluice.Benchmarks;

/// <summary>
/// Minimal <c>--name value</c> and <c>--flag</c> argument reading for the harnesses. It refuses an option the harness
/// does not take, so a mistyped or misplaced option fails the run instead of being measured without.
/// </summary>
internal sealed class HarnessArgs
{
    private readonly string[] _args;

    public HarnessArgs(string[] args, string[] options, string[]? flags = null)
    {
        _args = args;
        flags ??= [];
        for (var i = 0; i < args.Length; i++)
        {
            if (flags.Contains(args[i]))
            {
                continue;
            }

            if (!options.Contains(args[i]))
            {
                var taken = string.Join(", ", options.Select(option => option + " VALUE").Concat(flags));
                throw new ArgumentException($"Unknown argument '{args[i]}'. This harness takes: {(taken.Length > 0 ? taken : "no options")}.");
            }

            if (++i >= args.Length)
            {
                throw new ArgumentException($"Option '{args[i - 1]}' needs a value.");
            }
        }
    }

    public string? Get(string name)
    {
        var index = Array.IndexOf(_args, name);
        return index >= 0 && index + 1 < _args.Length ? _args[index + 1] : null;
    }

    public bool Has(string flag) => Array.IndexOf(_args, flag) >= 0;

    public int GetInt(string name, int fallback) => Get(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public int[] GetInts(string name, int[] fallback)
        => Get(name) is { } text ? [.. text.Split(',').Select(part => int.Parse(part, CultureInfo.InvariantCulture))] : fallback;
}
