using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Sluice.Cluster.Membership;

/// <summary>How an executor joins its driver.</summary>
public sealed class ClusterExecutorOptions
{
    /// <summary>The driver's <c>HOST:PORT</c> (<see cref="ClusterDriver.Address"/>).</summary>
    public required string Driver { get; set; }

    /// <summary>The address the driver and other executors reach this executor at, for control and for blocks: 127.0.0.1 by default.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The port; 0 (the default) lets the system choose.</summary>
    public int Port { get; set; }

    /// <summary>The id to register with; the machine's name and this process's id by default.</summary>
    public string ExecutorId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How many tasks this executor runs at once.</summary>
    public int Slots { get; set; } = Environment.ProcessorCount;

    /// <summary>The application's shared secret, the same as the driver's.</summary>
    public required string Secret { get; set; }

    /// <summary>The application's assembly: the driver refuses an executor of another build.</summary>
    public required Assembly Application { get; set; }

    /// <summary>How long to try to reach the driver and hear its answer. Default 30 s.</summary>
    public TimeSpan RegistrationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where membership is logged.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
