using System.CommandLine;
using System.Globalization;

namespace Sluice.Cli.Learning;

/// <summary>Number options of the learning commands, parsed with their range said in the error.</summary>
internal static class LearningOptions
{
    /// <summary>A number from 0 to <paramref name="maximum"/> (1 unless said).</summary>
    public static Option<double> Fraction(string name, string description, double defaultValue, double maximum = 1.0)
        => Number(name, $"{description} (default {defaultValue.ToString(CultureInfo.InvariantCulture)}).", defaultValue, value => value >= 0 && value <= maximum, maximum == 1.0 ? "a number from 0 to 1" : "a number from 0 up");

    /// <summary>A number above 0.</summary>
    public static Option<double> PositiveNumber(string name, string description, double? defaultValue = null)
        => Number(name, defaultValue is { } value ? $"{description} (default {value.ToString(CultureInfo.InvariantCulture)})." : $"{description}.", defaultValue, value => value > 0, "a number above 0");

    private static Option<double> Number(string name, string description, double? defaultValue, Func<double, bool> valid, string expected)
    {
        var option = new Option<double>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && valid(value))
                {
                    return value;
                }

                result.AddError($"Invalid value '{text}' for {name}: use {expected}.");
                return 0;
            },
        };
        if (defaultValue is { } fallback)
        {
            option.DefaultValueFactory = _ => fallback;
        }

        return option;
    }
}
