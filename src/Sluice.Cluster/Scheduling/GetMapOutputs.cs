namespace Sluice.Cluster.Scheduling;

/// <summary>An executor asks the driver where a shuffle's map outputs are.</summary>
internal sealed record GetMapOutputs(int ShuffleId);
