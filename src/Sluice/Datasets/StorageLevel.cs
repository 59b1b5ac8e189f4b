namespace Sluice.Datasets;

/// <summary>Whether and how a dataset's computed partitions are kept for reuse.</summary>
public enum StorageLevel
{
    /// <summary>Not kept: every job recomputes the partitions from the lineage.</summary>
    None = 0,

    /// <summary>Kept in memory as arrays of records the first time a job computes them.</summary>
    MemoryOnly = 1,
}
