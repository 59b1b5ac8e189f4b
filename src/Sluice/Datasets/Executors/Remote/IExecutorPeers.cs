namespace Sluice.Datasets.Executors.Remote;

/// <summary>
/// What an executor process reaches of the others, as a cluster integration (Sluice.Cluster) provides it: the
/// driver's map-output tracker, and the blocks the driver and the other executors hold.
/// </summary>
internal interface IExecutorPeers
{
    /// <summary>Which executor holds each map partition's output of a shuffle, as the driver knew it at <paramref name="epoch"/> or later; null where none does.</summary>
    string?[] MapOutputLocations(int shuffleId, long epoch);

    /// <summary>The blocks of <paramref name="blockIds"/> held by executor <paramref name="executorId"/> (or the driver, for <see cref="Driver"/>); null for one it does not hold.</summary>
    /// <exception cref="IOException">That process cannot be reached, or answered in part.</exception>
    byte[]?[] Fetch(string executorId, IReadOnlyList<string> blockIds);

    /// <summary>The id that names the driver to <see cref="Fetch"/>.</summary>
    public const string Driver = "driver";
}
