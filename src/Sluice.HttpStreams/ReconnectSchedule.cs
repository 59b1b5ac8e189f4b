namespace Sluice.HttpStreams;

/// <summary>The waits of one receiver's attempts in a row, by <see cref="ReconnectBackoff"/>'s rules; a success starts it over.</summary>
internal sealed class ReconnectSchedule(ReconnectBackoff backoff)
{
    private int _networkErrors;
    private int _httpErrors;
    private int _rateLimits;

    /// <summary>An attempt was answered 200: the next failure waits as a first one.</summary>
    public void Connected() => (_networkErrors, _httpErrors, _rateLimits) = (0, 0, 0);

    /// <summary>The wait after a network error, a stall or a stream the server ended, at least as long as the server asked for (server-sent events' <c>retry:</c>).</summary>
    /// <param name="serverAsked">The wait the server asked for, if any.</param>
    public TimeSpan AfterNetworkError(TimeSpan? serverAsked = null)
    {
        _networkErrors++;
        var wait = Min(backoff.NetworkErrorStep * _networkErrors, backoff.NetworkErrorMax);
        return serverAsked is { } asked && asked > wait ? asked : wait;
    }

    /// <summary>The wait after an HTTP error other than 429.</summary>
    public TimeSpan AfterHttpError() => Doubled(backoff.HttpErrorInitial, ++_httpErrors, backoff.HttpErrorMax);

    /// <summary>The wait after a 429, at least as long as the server asked for.</summary>
    /// <param name="serverAsked">The wait the server's headers asked for, if any.</param>
    public TimeSpan AfterRateLimit(TimeSpan? serverAsked)
    {
        var wait = Doubled(backoff.RateLimitInitial, ++_rateLimits, backoff.RateLimitMax);
        return serverAsked is { } asked && asked > wait ? asked : wait;
    }

    private static TimeSpan Doubled(TimeSpan initial, int attempt, TimeSpan max)
        => attempt > 30 ? max : Min(initial * Math.Pow(2, attempt - 1), max);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
