namespace Sluice.RateControl;

/// <summary>The receiver's configured maximum rate applied to a rate back-pressure asks for.</summary>
internal static class RateCap
{
    /// <summary>
    /// <paramref name="rate"/>, at most <paramref name="maxRate"/> records per second; a maximum of 0 or less means
    /// none (Spark's <c>spark.streaming.receiver.maxRate</c>).
    /// </summary>
    public static double Of(double rate, double maxRate) => maxRate > 0 ? Math.Min(rate, maxRate) : rate;
}
