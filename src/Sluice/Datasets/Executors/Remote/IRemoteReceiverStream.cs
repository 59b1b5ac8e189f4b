namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// One input stream's receiver on executors, as <see cref="RemoteReceivers"/> routes the stream's messages to it.
/// </summary>
internal interface IRemoteReceiverStream
{
    /// <summary>The receiver starts on <paramref name="executorId"/>: what it starts with.</summary>
    ReceiverLaunch Starting(string executorId);

    /// <summary>
    /// A block is stored on every executor of <paramref name="holders"/>; once this returns, the block is the
    /// driver's to put in a batch, and the executor may go on (the block is acknowledged).
    /// </summary>
    void BlockStored(long sequence, int records, IReadOnlyList<string> holders);

    /// <summary>The receiver started, stopped or failed on its executor.</summary>
    void Reported(ReceiverEvent report);

    /// <summary>Executor <paramref name="executorId"/> was lost, with the receiver if it ran there.</summary>
    void ExecutorLost(string executorId);
}
