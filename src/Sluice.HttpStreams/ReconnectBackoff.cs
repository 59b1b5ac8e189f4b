namespace Sluice.HttpStreams;

/// <summary>
/// How long an HTTP stream waits before connecting again, by what ended the last attempt. The defaults are X's
/// documented schedule for its filtered stream, which suits any streaming endpoint: network errors back off
/// linearly (250 ms more each time, up to 16 s), HTTP errors exponentially (5 s doubling, up to 320 s), and rate
/// limits (HTTP 429) exponentially from a minute. A connection that was answered 200 starts the schedule over.
/// </summary>
public sealed record ReconnectBackoff
{
    /// <summary>What each network error in a row adds to the wait (refused, reset, a name that does not resolve, a stall). Default 250 ms.</summary>
    public TimeSpan NetworkErrorStep { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait after network errors. Default 16 s.</summary>
    public TimeSpan NetworkErrorMax { get; init; } = TimeSpan.FromSeconds(16);

    /// <summary>The wait after a first HTTP error (an answer other than 200 and 429); it doubles with each one in a row. Default 5 s.</summary>
    public TimeSpan HttpErrorInitial { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait after HTTP errors. Default 320 s.</summary>
    public TimeSpan HttpErrorMax { get; init; } = TimeSpan.FromSeconds(320);

    /// <summary>The wait after a first 429 (too many requests); it doubles with each one in a row. A longer <c>Retry-After</c> or <c>x-rate-limit-reset</c> from the server wins. Default 1 minute.</summary>
    public TimeSpan RateLimitInitial { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait after 429s. Default 16 minutes.</summary>
    public TimeSpan RateLimitMax { get; init; } = TimeSpan.FromMinutes(16);

    internal ReconnectBackoff Validate()
    {
        foreach (var (value, name) in new[]
        {
            (NetworkErrorStep, nameof(NetworkErrorStep)), (NetworkErrorMax, nameof(NetworkErrorMax)), (HttpErrorInitial, nameof(HttpErrorInitial)),
            (HttpErrorMax, nameof(HttpErrorMax)), (RateLimitInitial, nameof(RateLimitInitial)), (RateLimitMax, nameof(RateLimitMax)),
        })
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, name);
        }

        return this;
    }
}
