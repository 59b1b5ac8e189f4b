namespace Sluice.Datasets;

/// <summary>
/// A dependency where each child partition reads a known, small set of parent partitions, so the two are
/// computed in the same task (pipelined) with no data exchange.
/// </summary>
internal sealed class NarrowDependency(Rdd parent) : Dependency(parent);
