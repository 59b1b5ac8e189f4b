namespace Sluice.Database;

/// <summary>How a batch's rows go into the table.</summary>
public enum DatabaseWriteMode
{
    /// <summary>Each row is inserted: the table accumulates every batch's rows.</summary>
    Insert,

    /// <summary>Each row is inserted, or updates the row with the same key (<c>INSERT ... ON CONFLICT (key) DO UPDATE</c>): the table holds the latest value per key.</summary>
    Upsert,

    /// <summary>The batch's rows replace the table's content: for windows and top N, the table holds the latest result.</summary>
    Replace,
}
