namespace Sluice.Datasets;

/// <summary>
/// A dataset whose partitions commit a version of state kept where they are computed (a stateful operator's table).
/// On executor processes each such partition runs on the executor that holds its state, batch after batch, and the
/// driver records which versions that executor holds.
/// </summary>
internal interface IStateRdd : IPlacedRdd
{
    /// <summary>The operator's stable identity: every batch's dataset of one operator shares it.</summary>
    string StateName { get; }

    /// <summary>The version (batch time, in ticks) a successful task of this dataset leaves committed.</summary>
    long Version { get; }
}
