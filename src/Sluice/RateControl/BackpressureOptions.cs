namespace Sluice.RateControl;

/// <summary>The gains of the PID rate estimator that back-pressure uses (Spark's <c>spark.streaming.backpressure.pid.*</c>).</summary>
public sealed record BackpressureOptions
{
    /// <summary>Weight of the difference between the current rate and the last batch's processing rate. Default 1.0.</summary>
    public double Proportional { get; init; } = 1.0;

    /// <summary>Weight of the backlog the scheduling delay reveals. Default 0.2.</summary>
    public double Integral { get; init; } = 0.2;

    /// <summary>Weight of the change of the error between batches. Default 0.0.</summary>
    public double Derivative { get; init; }

    /// <summary>The lowest rate, in records per second, back-pressure will set. Default 100.</summary>
    public double MinRate { get; init; } = 100;

    internal BackpressureOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Proportional, nameof(Proportional));
        ArgumentOutOfRangeException.ThrowIfNegative(Integral, nameof(Integral));
        ArgumentOutOfRangeException.ThrowIfNegative(Derivative, nameof(Derivative));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinRate, nameof(MinRate));
        return this;
    }
}
