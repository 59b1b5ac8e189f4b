namespace Sluice.Streams.Operators;

/// <summary>Checks, when a window is defined, that its length and slide fit its parent's slide.</summary>
internal static class WindowChecks
{
    /// <exception cref="ArgumentOutOfRangeException">A duration is not positive.</exception>
    /// <exception cref="ArgumentException">A duration is not a multiple of the parent's slide duration.</exception>
    public static void Require(DStream parent, TimeSpan window, TimeSpan slide, string operation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero, nameof(window));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(slide, TimeSpan.Zero, nameof(slide));
        MultipleOfParentSlide(parent, window, "window", operation, nameof(window));
        MultipleOfParentSlide(parent, slide, "slide", operation, nameof(slide));
    }

    private static void MultipleOfParentSlide(DStream parent, TimeSpan duration, string what, string operation, string parameter)
    {
        if (duration.Ticks % parent.SlideDuration.Ticks != 0)
        {
            throw new ArgumentException(
                $"The {what} duration {duration} of {operation} must be a multiple of the slide duration {parent.SlideDuration} of {parent.Identity}.",
                parameter);
        }
    }
}
