namespace Sluice.Cluster.Scheduling;

/// <summary>Where one shuffle's map outputs are, sent with a task that reads it.</summary>
internal sealed record ShuffleLocations(int ShuffleId, MapOutputs Outputs);
