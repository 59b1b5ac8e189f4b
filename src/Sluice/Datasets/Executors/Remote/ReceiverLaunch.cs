namespace Sluice.Datasets.Executors.Remote;

/// <summary>What the driver tells a receiver starting on an executor.</summary>
/// <param name="FirstSequence">The first block number to use: past every block of the stream's earlier runs, wherever they ran.</param>
/// <param name="Replicas">The other live executors, in the order to try them for each block's second copy.</param>
/// <param name="Rate">The rate back-pressure set last, in records per second; 0 when it has set none.</param>
internal sealed record ReceiverLaunch(long FirstSequence, IReadOnlyList<string> Replicas, double Rate);
