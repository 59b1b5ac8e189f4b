namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// The driver's side of receivers that run on executors, as the cluster integration delivers their messages: a
/// receiver starting, a block stored (on its executor and a replica), and what happens to it.
/// </summary>
internal interface IReceiverEndpoint
{
    /// <summary>A receiver of <paramref name="streamId"/> starts on <paramref name="executorId"/>.</summary>
    ReceiverLaunch Starting(int streamId, string executorId);

    /// <summary>
    /// A block is stored on every executor of <paramref name="holders"/>; once this returns, the block is the
    /// driver's to put in a batch, and the executor may go on (the block is acknowledged).
    /// </summary>
    void BlockStored(int streamId, long sequence, int records, IReadOnlyList<string> holders);

    /// <summary>A receiver started, stopped or failed on its executor.</summary>
    void Reported(ReceiverEvent report);

    /// <summary>The live executors other than <paramref name="executorId"/>, in the order to try them for a block's copy.</summary>
    IReadOnlyList<string> Replicas(string executorId);
}
