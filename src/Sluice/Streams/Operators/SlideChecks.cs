namespace Sluice.Streams.Operators;

/// <summary>Checks, when an operator is defined, that the streams it combines can be combined.</summary>
internal static class SlideChecks
{
    /// <exception cref="ArgumentException">The streams belong to different contexts or have different slide durations.</exception>
    public static void RequireSameContextAndSlide(string operation, params ReadOnlySpan<DStream> streams)
    {
        var first = streams[0];
        foreach (var other in streams[1..])
        {
            if (other.Context != first.Context)
            {
                throw new ArgumentException($"Cannot {operation} {first.Identity} and {other.Identity}: they belong to different streaming contexts.");
            }

            if (other.SlideDuration != first.SlideDuration)
            {
                throw new ArgumentException(
                    $"Cannot {operation} {first.Identity} (slide duration {first.SlideDuration}) and {other.Identity} " +
                    $"(slide duration {other.SlideDuration}): the slide durations must be equal.");
            }
        }
    }
}
