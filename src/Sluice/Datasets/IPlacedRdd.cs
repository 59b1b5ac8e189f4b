namespace Sluice.Datasets;

/// <summary>
/// A dataset whose partitions keep something on the executor that computes them (a state table, an open consumer):
/// on executor processes, each such partition runs on the same executor batch after batch, until it is lost. Or one
/// whose partitions read what some executors hold (a received block), and run there when one of them has a free slot.
/// </summary>
internal interface IPlacedRdd
{
    /// <summary>What partition <paramref name="partition"/> of this dataset keeps, by name; null when it keeps nothing.</summary>
    PartitionKey? PlacementOf(int partition);

    /// <summary>The executors partition <paramref name="partition"/> would rather run on, as it reads what they hold; a preference, not a placement.</summary>
    IReadOnlyList<string> PreferredExecutors(int partition) => [];
}
