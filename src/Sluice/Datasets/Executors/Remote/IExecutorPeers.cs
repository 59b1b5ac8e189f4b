namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// What an executor process reaches of the others, as a cluster integration (Sluice.Cluster) provides it: the
/// driver's map-output tracker, its receiver tracker, and the blocks the driver and the other executors hold.
/// </summary>
internal interface IExecutorPeers
{
    /// <summary>Which executor holds each map partition's output of a shuffle, as the driver knew it at <paramref name="epoch"/> or later; null where none does.</summary>
    string?[] MapOutputLocations(int shuffleId, long epoch);

    /// <summary>The blocks of <paramref name="blockIds"/> held by executor <paramref name="executorId"/> (or the driver, for <see cref="Driver"/>); null for one it does not hold.</summary>
    /// <exception cref="IOException">That process cannot be reached, or answered in part.</exception>
    byte[]?[] Fetch(string executorId, IReadOnlyList<string> blockIds);

    /// <summary>Tells the driver a receiver starts here, and hears where its blocks' second copies go.</summary>
    /// <exception cref="IOException">The driver did not answer.</exception>
    ReceiverLaunch ReceiverStarting(int streamId, string executorId);

    /// <summary>The live executors other than <paramref name="executorId"/>, in the order to try them for a block's copy.</summary>
    /// <exception cref="IOException">The driver did not answer.</exception>
    IReadOnlyList<string> ReceiverReplicas(string executorId);

    /// <summary>Reports a block stored on <paramref name="holders"/> to the driver, returning once the driver has it.</summary>
    /// <exception cref="IOException">The driver did not answer.</exception>
    void BlockStored(int streamId, long sequence, int records, IReadOnlyList<string> holders);

    /// <summary>Tells the driver what happened to a receiver running here; does not wait.</summary>
    void ReceiverReported(ReceiverEvent report);

    /// <summary>Stores a copy of a block, as <c>TryGetBlock</c> encodes it, on executor <paramref name="executorId"/>.</summary>
    /// <exception cref="IOException">That executor cannot be reached, or refused it.</exception>
    void Replicate(string executorId, string blockId, byte[] encoded);

    /// <summary>The id that names the driver to <see cref="Fetch"/>.</summary>
    public const string Driver = "driver";
}
