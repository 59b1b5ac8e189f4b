using System.Net;

namespace Sluice.Web;

/// <summary>Options of the web UI.</summary>
public sealed class WebUiOptions
{
    /// <summary>
    /// The address the UI listens on: 127.0.0.1 by default, so only this machine sees it; <see cref="IPAddress.Any"/>
    /// exposes it (in a container, behind the orchestrator's own access control).
    /// </summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The port to try first, on <see cref="BindAddress"/>; when taken, the next ones are tried (as Spark's <c>spark.ui.port</c>). 0 lets the system choose. Default 4040.</summary>
    public int Port { get; set; } = 4040;

    /// <summary>How many ports from <see cref="Port"/> on are tried. Default 16.</summary>
    public int PortAttempts { get; set; } = 16;

    /// <summary>How many completed batches the UI and the API keep (Spark's <c>spark.streaming.ui.retainedBatches</c>). Default 1,000.</summary>
    public int RetainedBatches { get; set; } = 1000;
}
