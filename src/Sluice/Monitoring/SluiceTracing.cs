using System.Diagnostics;

namespace Sluice.Monitoring;

/// <summary>
/// The activity source Sluice traces on (System.Diagnostics), so OpenTelemetry can export its spans: listen to the
/// source named <see cref="Name"/>. Each completed batch is a <c>sluice.batch</c> span from its submission to the
/// end of its last job, with a <c>sluice.job</c> child span per output operation.
/// </summary>
public static class SluiceTracing
{
    /// <summary>The activity source's name.</summary>
    public const string Name = "Sluice";

    internal static ActivitySource Source { get; } = new(Name);
}
