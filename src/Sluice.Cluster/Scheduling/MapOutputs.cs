namespace Sluice.Cluster.Scheduling;

/// <summary>Where a shuffle's map outputs are: the executor holding each map partition's (null where none does), and those executors' block addresses.</summary>
internal sealed record MapOutputs(string?[] Holders, Dictionary<string, string> BlockAddresses);
