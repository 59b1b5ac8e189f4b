using Sluice.Datasets.Executors.Remote;

namespace Sluice.Cluster.Scheduling;

/// <summary>
/// A task as the driver sends it, with where the map outputs it reads are (for the shuffles whose map stage is
/// complete): the executor need not ask the driver's tracker, a round trip fewer for each reduce stage.
/// </summary>
internal sealed record LaunchTask(RemoteTask Task, ShuffleLocations[] Locations);
