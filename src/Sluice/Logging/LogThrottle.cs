using System.Globalization;

namespace Sluice.Logging;

/// <summary>
/// Lets a message that keeps recurring (a receiver failing to connect every restart) through the first time and
/// then at most once per <paramref name="interval"/>, with how many times it recurred in between, so a log shows
/// that a fault persists without being flooded by it. For connectors whose faults recur (a client that reconnects).
/// </summary>
/// <param name="clock">The clock intervals are measured on: the context's <c>TimeProvider</c>.</param>
/// <param name="interval">The least time between two lines of the same message.</param>
public sealed class LogThrottle(TimeProvider clock, TimeSpan interval)
{
    /// <summary>How many distinct messages are remembered; beyond that the oldest are forgotten (and shown again).</summary>
    private const int Remembered = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset Shown, int Since)> _messages = new(StringComparer.Ordinal);

    /// <summary>Whether to log <paramref name="message"/> now; if so, <paramref name="suffix"/> says how often it recurred unlogged.</summary>
    /// <param name="message">The message, as it would be logged: equal messages are the same fault.</param>
    /// <param name="suffix">To append to the message when it is logged: <c>(and N more times since HH:mm:ss)</c>, or empty.</param>
    public bool ShouldLog(string message, out string suffix)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_messages.TryGetValue(message, out var seen) && now - seen.Shown < interval)
            {
                _messages[message] = seen with { Since = seen.Since + 1 };
                suffix = "";
                return false;
            }

            if (_messages.Count >= Remembered && !_messages.ContainsKey(message))
            {
                _messages.Remove(_messages.MinBy(pair => pair.Value.Shown).Key);
            }

            suffix = seen.Since > 0
                ? string.Create(CultureInfo.InvariantCulture, $" (and {seen.Since} more time{(seen.Since == 1 ? "" : "s")} since {seen.Shown.ToLocalTime():HH:mm:ss})")
                : "";
            _messages[message] = (now, 0);
            return true;
        }
    }
}
