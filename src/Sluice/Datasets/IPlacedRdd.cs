namespace Sluice.Datasets;

/// <summary>
/// A dataset whose partitions keep something on the executor that computes them (a state table, an open consumer):
/// on executor processes, each such partition runs on the same executor batch after batch, until it is lost.
/// </summary>
internal interface IPlacedRdd
{
    /// <summary>What partition <paramref name="partition"/> of this dataset keeps, by name; null when it keeps nothing.</summary>
    PartitionKey? PlacementOf(int partition);
}
