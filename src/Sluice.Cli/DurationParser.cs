using System.Globalization;

namespace Sluice.Cli;

/// <summary>Parses durations as Spark's configuration writes them: <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>.</summary>
internal static class DurationParser
{
    private static readonly (string Suffix, long TicksPerUnit)[] s_units =
    [
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    /// <summary>A duration as a user writes it: <c>1s</c>, <c>500ms</c>, <c>2m</c>; the largest unit that divides it.</summary>
    public static string Format(TimeSpan duration)
    {
        foreach (var (suffix, ticksPerUnit) in Enumerable.Reverse(s_units))
        {
            if (duration.Ticks % ticksPerUnit == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / ticksPerUnit}{suffix}");
            }
        }

        return duration.ToString("c", CultureInfo.InvariantCulture);
    }

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        foreach (var (suffix, ticksPerUnit) in s_units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && long.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count > 0
                && count <= TimeSpan.MaxValue.Ticks / ticksPerUnit)
            {
                duration = TimeSpan.FromTicks(count * ticksPerUnit);
                return true;
            }
        }

        return false;
    }
}
