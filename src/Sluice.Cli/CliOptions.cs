using System.CommandLine;

namespace Sluice.Cli;

/// <summary>Options shared by the commands, with their defaults and validation in one place.</summary>
internal static class CliOptions
{
    public static Option<TimeSpan> Duration(string name, string description, TimeSpan? defaultValue = null)
    {
        var option = new Option<TimeSpan>(name)
        {
            Description = description + " (e.g. 500ms, 10s, 2m).",
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
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }

        return option;
    }

    /// <summary>A positive whole number option; required when <paramref name="defaultValue"/> is null.</summary>
    public static Option<int> Positive(string name, string description, int? defaultValue)
    {
        var option = new Option<int>(name)
        {
            Description = description,
            Required = defaultValue is null,
            CustomParser = result =>
            {
                // Parsed here, not validated afterwards: a validator reading a value that failed to parse throws.
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0)
                {
                    return value;
                }

                result.AddError($"Invalid value '{text}' for {name}: use a positive whole number.");
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
    /// The master option. The default is one thread more than there are cores: a receiver holds a worker while it
    /// mostly waits on its socket, and every core should still have a worker processing (this is also what the
    /// socket benchmark measured fastest on two cores).
    /// </summary>
    public static Option<string> Master() => new("--master")
    {
        Description = "Where tasks run: local, local[N] or local[*]. Default: local[cores + 1], since a receiver holds one worker.",
        DefaultValueFactory = _ => $"local[{Environment.ProcessorCount + 1}]",
    };
}
