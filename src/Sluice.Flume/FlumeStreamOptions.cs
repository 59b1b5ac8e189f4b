namespace Sluice.Flume;

/// <summary>Where a Flume stream's receiver listens for Flume's Avro sink.</summary>
public sealed record FlumeStreamOptions
{
    /// <summary>The address to listen on: a host name or address of this machine (of the executor, on executor processes). Default <c>localhost</c>.</summary>
    public string Host { get; init; } = "localhost";

    /// <summary>The port to listen on, which the Avro sink's <c>port</c> names.</summary>
    public int Port { get; init; }

    /// <summary>The largest Avro RPC frame accepted; a peer that sends more is not Flume, and is disconnected. Default 64 MiB.</summary>
    public int MaxFrameBytes { get; init; } = 64 * 1024 * 1024;

    internal FlumeStreamOptions Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host, nameof(Host));
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameBytes, 1024, nameof(MaxFrameBytes));
        return this;
    }
}
