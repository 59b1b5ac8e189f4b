using System.Diagnostics.Metrics;

namespace Sluice.Monitoring;

/// <summary>
/// The meter Sluice reports its metrics on (System.Diagnostics.Metrics), so OpenTelemetry or
/// <c>dotnet-counters</c> can collect them: listen to the meter named <see cref="Name"/>.
/// </summary>
public static class SluiceMeter
{
    /// <summary>The meter's name.</summary>
    public const string Name = "Sluice";

    internal static Meter Meter { get; } = new(Name);
}
