using System.CommandLine;
using System.Globalization;

namespace Sluice.Cli;

/// <summary>Options shared by the commands, with their defaults and validation in one place.</summary>
internal static class CliOptions
{
    /// <summary>
    /// A duration option (<c>500ms</c>, <c>10s</c>, <c>2m</c>). Its default is said in the description, as the user
    /// writes it: the parser's own default display would show <c>00:00:01</c>. Read it with <see cref="Get"/>.
    /// </summary>
    public static Option<TimeSpan> Duration(string name, string description, TimeSpan? defaultValue = null)
        => new(name)
        {
            Description = description + (defaultValue is { } value ? $" (e.g. 500ms, 10s, 2m; default {DurationParser.Format(value)})." : " (e.g. 500ms, 10s, 2m)."),
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (DurationParser.TryParse(text, out var duration))
                {
                    return duration;
                }

                result.AddError($"Invalid duration '{text}' for {name}: use a positive whole number with ms, s, m or h, such as 500ms or 10s.");
                return default;
            },
        };

    /// <summary>
    /// An option for an http or https URL, given to every command (<c>Recursive</c>); anything else is a usage error
    /// saying what to give, such as <paramref name="example"/>.
    /// </summary>
    public static Option<Uri?> HttpUrl(string name, string what, string example, string description)
        => new(name)
        {
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError($"Invalid {name} '{text}': give {what}, such as {example}.");
                return null;
            },
            Description = description,
            Recursive = true,
        };

    /// <summary>A duration option's value, or <paramref name="defaultValue"/> when it was not given.</summary>
    public static TimeSpan Get(ParseResult parsed, Option<TimeSpan> option, TimeSpan defaultValue)
        => parsed.GetResult(option) is null ? defaultValue : parsed.GetValue(option);

    /// <summary>A whole number option from 1 to <paramref name="maximum"/>; required when <paramref name="defaultValue"/> is null and <paramref name="required"/>.</summary>
    public static Option<int> Positive(string name, string description, int? defaultValue, int maximum = int.MaxValue, bool required = false)
    {
        var option = new Option<int>(name)
        {
            Description = description,
            Required = required,
            CustomParser = result =>
            {
                // Parsed here, not validated afterwards: a validator reading a value that failed to parse throws.
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= maximum)
                {
                    return value;
                }

                result.AddError(maximum == int.MaxValue
                    ? $"Invalid value '{text}' for {name}: use a positive whole number."
                    : $"Invalid value '{text}' for {name}: use a whole number from 1 to {maximum}.");
                return default;
            },
        };
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }

        return option;
    }

    /// <summary>
    /// The master option. The default is a worker per core: a receiver reads on a thread of its own and holds no
    /// worker (docs/adr/0019).
    /// </summary>
    public static Option<string> Master() => new("--master")
    {
        Description = "Where tasks run: local, local[N] or local[*]; local-cluster[N,C] for N executor processes of C slots each, or cluster://HOST:PORT for executors started with 'sluice executor --driver HOST:PORT' (SLUICE_CLUSTER_SECRET set for both). Default: local[*], a worker per core.",
    };

    /// <summary>The master given, or the default: a worker per core.</summary>
    public static string MasterOf(ParseResult parsed, Option<string> master)
        => parsed.GetValue(master) ?? $"local[{Environment.ProcessorCount}]";
}
