using System.Data.Common;

namespace Sluice.Database;

/// <summary>
/// Where and how a stream's batches are written: a connection factory (any ADO.NET provider, such as
/// Microsoft.Data.Sqlite or Npgsql), a table, its columns, and the write mode.
/// </summary>
public sealed class DatabaseSink<T>
{
    /// <summary>Opens nothing yet: returns a new connection to the database (the sink opens and disposes it).</summary>
    public required Func<DbConnection> Connect { get; init; }

    /// <summary>The table the rows go to; it must exist, with the columns named in <see cref="Columns"/>.</summary>
    public required string Table { get; init; }

    /// <summary>The table's columns and how each record fills them.</summary>
    public required IReadOnlyList<DatabaseColumn<T>> Columns { get; init; }

    /// <summary>How rows go in. Default <see cref="DatabaseWriteMode.Insert"/>.</summary>
    public DatabaseWriteMode Mode { get; init; } = DatabaseWriteMode.Insert;

    /// <summary>The key columns, for <see cref="DatabaseWriteMode.Upsert"/>: the table needs a unique constraint on them.</summary>
    public IReadOnlyList<string> Key { get; init; } = [];

    /// <summary>
    /// The sink's name in the table <c>sluice_batches</c>, where each committed batch is recorded in the same
    /// transaction as its rows; the table's name when null. Keep it stable across restarts and code changes.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>How many times a failed connection or transaction is tried again before the batch fails. Default 3.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>The wait before the first retry, doubled for each one after. Default 1 s.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(1);

    internal string LedgerName => Name ?? Table;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Connect);
        SqlNames.Check(Table, nameof(Table));
        if (Columns is null || Columns.Count == 0)
        {
            throw new ArgumentException("A database sink needs at least one column.", nameof(Columns));
        }

        foreach (var column in Columns)
        {
            SqlNames.Check(column.Name, nameof(Columns));
        }

        foreach (var key in Key)
        {
            if (!Columns.Any(column => column.Name == key))
            {
                throw new ArgumentException($"Key column {key} is not among the sink's columns ({string.Join(", ", Columns.Select(column => column.Name))}).", nameof(Key));
            }
        }

        if (Mode == DatabaseWriteMode.Upsert && Key.Count == 0)
        {
            throw new ArgumentException("Upsert needs the key columns: set Key to the columns of the table's unique constraint.", nameof(Key));
        }

        if (Mode == DatabaseWriteMode.Upsert && Key.Count == Columns.Count)
        {
            throw new ArgumentException("Upsert needs a column besides the key to update.", nameof(Key));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Retries);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBackoff, TimeSpan.Zero);
    }
}
