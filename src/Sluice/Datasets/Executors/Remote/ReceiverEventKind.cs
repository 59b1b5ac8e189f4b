namespace Sluice.Datasets.Executors.Remote;

/// <summary>What happened to a receiver on an executor, as it reports it to the driver.</summary>
internal enum ReceiverEventKind
{
    /// <summary>It started receiving.</summary>
    Started,

    /// <summary>It reported an error and goes on (or restarts, as the message says).</summary>
    Error,

    /// <summary>It stopped, for a restart or for good.</summary>
    Stopped,
}
