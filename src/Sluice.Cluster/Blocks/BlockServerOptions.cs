using System.Net;

namespace Sluice.Cluster.Blocks;

/// <summary>Where a process serves its blocks, and how.</summary>
public sealed class BlockServerOptions
{
    /// <summary>The address to listen on: 127.0.0.1 by default; a machine's own address for executors on other machines.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>
    /// The host name the others reach this process at, when it is not <see cref="BindAddress"/> (listening on
    /// 0.0.0.0 behind a name, such as a Kubernetes service); null to give the bound address.
    /// </summary>
    public string? PublicHost { get; set; }

    /// <summary>The port; 0 (the default) lets the system choose.</summary>
    public int Port { get; set; }

    /// <summary>The cluster's shared secret: requests that do not prove they know it are refused.</summary>
    public required string Secret { get; set; }

    /// <summary>HTTP/2 (cleartext, one connection multiplexing every fetch) instead of HTTP/1.1. Off by default: docs/adr/0006.</summary>
    public bool Http2 { get; set; }
}
