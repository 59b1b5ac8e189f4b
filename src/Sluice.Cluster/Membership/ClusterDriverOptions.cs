using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Sluice.Cluster.Membership;

/// <summary>How the driver listens for executors.</summary>
public sealed class ClusterDriverOptions
{
    /// <summary>The address executors reach the driver at: 127.0.0.1 by default, so nothing listens beyond this machine unless told to.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// The host name executors reach the driver at, when it is not <see cref="BindAddress"/> (the driver listening on
    /// 0.0.0.0 behind a name, such as a Kubernetes service); executors must join by that very name.
    /// </summary>
    public string? PublicHost { get; set; }

    /// <summary>The port; 0 (the default) lets the system choose.</summary>
    public int Port { get; set; }

    /// <summary>The application's shared secret; an executor that does not know it is refused.</summary>
    public required string Secret { get; set; }

    /// <summary>The application's assembly, whose build every executor must run too.</summary>
    public required Assembly Application { get; set; }

    /// <summary>Where the driver serves its blocks, told to each executor it takes; null when it serves none.</summary>
    internal Uri? BlockAddress { get; set; }

    /// <summary>Where membership is logged.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
