namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// The driver's view of executor processes, as a cluster integration (Sluice.Cluster) provides it: where stage
/// binaries are served from, and a way to run one task on an executor and hear its outcome. The engine keeps the
/// scheduling (stages, retries, fetch failures) and the map-output tracker; the integration keeps the processes,
/// the transport and the choice of executor.
/// </summary>
internal interface IRemoteCluster : IDisposable
{
    /// <summary>An executor was lost (by its id): its map outputs and blocks are gone.</summary>
    event Action<string>? ExecutorLost;

    /// <summary>How many tasks the executors run at once: the driver keeps that many tasks in flight.</summary>
    int Slots { get; }

    /// <summary>Serves a stage's binary to the executors under a new id, until <see cref="Unpublish"/>.</summary>
    int Publish(byte[] stageBinary);

    /// <summary>Stops serving a stage's binary: its job is over.</summary>
    void Unpublish(int stageBinary);

    /// <summary>Runs a task on an executor, blocking the calling (driver task) thread until its outcome comes back.</summary>
    /// <exception cref="ExecutorLostException">The executor was lost before it answered.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was signalled.</exception>
    RemoteTaskOutcome Run(RemoteTask task, CancellationToken cancellation);

    /// <summary>Every executor registered, lost ones included, with its tasks.</summary>
    IReadOnlyList<ExecutorInfo> ExecutorInfos();

    /// <summary>Tells every executor to drop a shuffle's map outputs.</summary>
    void RemoveShuffle(int shuffleId);

    /// <summary>Tells every executor to drop a dataset's cached partitions.</summary>
    void RemoveRdd(int rddId);

    /// <summary>Where the messages of receivers running on executors go; set once by the engine.</summary>
    IReceiverEndpoint? Receivers { get; set; }

    /// <summary>Sends the rate back-pressure estimated to the stream's receiver on <paramref name="executorId"/>.</summary>
    void SetReceiverRate(string executorId, int streamId, double recordsPerSecond);

    /// <summary>Tells the stream's receiver on <paramref name="executorId"/> to stop for good.</summary>
    void StopReceiver(string executorId, int streamId);

    /// <summary>Tells <paramref name="executorId"/> to drop blocks it holds (received blocks whose batch is forgotten).</summary>
    void RemoveBlocks(string executorId, IReadOnlyList<string> blockIds);
}
