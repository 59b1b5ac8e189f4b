namespace Sluice.HttpStreams;

/// <summary>Waits in the words of a report: <c>250 ms</c>, <c>5 s</c>, <c>2 min</c>.</summary>
internal static class Waits
{
    public static string Words(TimeSpan wait) => wait switch
    {
        { TotalSeconds: < 1 } => $"{wait.TotalMilliseconds:0} ms",
        { TotalMinutes: < 2 } => $"{wait.TotalSeconds:0.#} s",
        _ => $"{wait.TotalMinutes:0.#} min",
    };
}
