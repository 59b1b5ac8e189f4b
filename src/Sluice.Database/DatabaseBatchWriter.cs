using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Sluice.Database;

/// <summary>
/// Writes one batch's rows and records the batch in <c>sluice_batches</c>, in one transaction: a batch already
/// recorded (written before a crash, and replayed by the recovery) is skipped, so each batch is written once.
/// Connection and transaction failures are retried with a doubling backoff; then the batch fails.
/// </summary>
internal sealed class DatabaseBatchWriter<T>(DatabaseSink<T> sink, ILogger logger)
{
    /// <summary>The table in which each sink records the batches it committed.</summary>
    public const string LedgerTable = "sluice_batches";

    // Both PostgreSQL (65,535) and SQLite (32,766) accept this many parameters in one statement.
    private const int MaxParameters = 30_000;

    /// <param name="batchTime">The batch.</param>
    /// <param name="rows">Its rows.</param>
    /// <param name="positions">What the batch read (JSON), recorded with it.</param>
    public void Write(DateTimeOffset batchTime, IReadOnlyList<T> rows, string positions = "{}")
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (!WriteOnce(batchTime, rows, positions))
                {
                    DatabaseLog.BatchSkipped(logger, sink.LedgerName, batchTime);
                }

                return;
            }
            catch (DbException error) when (attempt < sink.Retries)
            {
                var wait = sink.RetryBackoff * Math.Pow(2, attempt);
                DatabaseLog.WriteRetried(logger, error, sink.LedgerName, batchTime, attempt + 1, sink.Retries, wait.TotalSeconds);
                Thread.Sleep(wait);
            }
            catch (DbException error)
            {
                throw new DatabaseWriteException(
                    $"Could not write batch {batchTime:O} to table {sink.Table} after {sink.Retries + 1} attempts: {error.Message} Nothing of the batch was committed; check that the database is up and the table has the columns {string.Join(", ", sink.Columns.Select(column => column.Name))}. The batch failure policy applies, and a recovery writes the batch again.",
                    error);
            }
        }
    }

    /// <returns>False when the batch was committed before.</returns>
    private bool WriteOnce(DateTimeOffset batchTime, IReadOnlyList<T> rows, string positions)
    {
        using var connection = sink.Connect();
        connection.Open();
        EnsureLedger(connection);
        using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        var batchId = batchTime.ToUnixTimeMilliseconds();
        using (var seen = Command(connection, transaction, $"SELECT COUNT(*) FROM {LedgerTable} WHERE sink = @sink AND batch_time = @time"))
        {
            Parameter(seen, "@sink", sink.LedgerName);
            Parameter(seen, "@time", batchId);
            if (Convert.ToInt64(seen.ExecuteScalar(), CultureInfo.InvariantCulture) > 0)
            {
                return false;
            }
        }

        if (sink.Mode == DatabaseWriteMode.Replace)
        {
            using var clear = Command(connection, transaction, $"DELETE FROM {SqlNames.Quote(sink.Table)}");
            clear.ExecuteNonQuery();
        }

        if (rows.Count > 0 && IsPostgreSql(connection) && ArrayInsertCommand(connection, transaction, rows) is { } arrays)
        {
            using (arrays)
            {
                arrays.ExecuteNonQuery();
            }
        }
        else
        {
            var perStatement = Math.Max(1, Math.Min(1000, MaxParameters / sink.Columns.Count));
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                using var insert = InsertCommand(connection, transaction, rows, start, Math.Min(perStatement, rows.Count - start));
                insert.ExecuteNonQuery();
            }
        }

        using (var record = Command(connection, transaction, $"INSERT INTO {LedgerTable} (sink, batch_time, row_count, positions, committed_at) VALUES (@sink, @time, @rows, @positions, @at)"))
        {
            Parameter(record, "@sink", sink.LedgerName);
            Parameter(record, "@time", batchId);
            Parameter(record, "@rows", (long)rows.Count);
            Parameter(record, "@positions", positions);
            Parameter(record, "@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            record.ExecuteNonQuery();
        }

        transaction.Commit();
        return true;
    }

    private static void EnsureLedger(DbConnection connection)
    {
        using var create = Command(connection, null,
            $"CREATE TABLE IF NOT EXISTS {LedgerTable} (sink VARCHAR(200) NOT NULL, batch_time BIGINT NOT NULL, row_count BIGINT NOT NULL, positions TEXT NOT NULL, committed_at VARCHAR(40) NOT NULL, PRIMARY KEY (sink, batch_time))");
        create.ExecuteNonQuery();
    }

    // Npgsql's connection, recognized by name so that this project needs no PostgreSQL driver.
    private static bool IsPostgreSql(DbConnection connection) => connection.GetType().FullName == "Npgsql.NpgsqlConnection";

    /// <summary>
    /// PostgreSQL: every row in one statement, <c>INSERT ... SELECT * FROM unnest(@c0, @c1, ...)</c>, one typed array
    /// per column: one parse and one round trip for the batch instead of one per thousand rows. Null when a column
    /// holds only nulls or values of mixed types (no array type to send): the caller uses multi-row VALUES.
    /// </summary>
    private DbCommand? ArrayInsertCommand(DbConnection connection, DbTransaction transaction, IReadOnlyList<T> rows)
    {
        var columns = sink.Columns;
        var arrays = new Array[columns.Count];
        for (var column = 0; column < columns.Count; column++)
        {
            var values = new object?[rows.Count];
            Type? type = null;
            for (var row = 0; row < rows.Count; row++)
            {
                values[row] = columns[column].Value(rows[row]);
                if (values[row] is { } value && (type ??= value.GetType()) != value.GetType())
                {
                    return null;
                }
            }

            if (type is null)
            {
                return null;
            }

            // A nullable element type for value types, so that nulls stay nulls.
            var elementType = type.IsValueType ? typeof(Nullable<>).MakeGenericType(type) : type;
            arrays[column] = Array.CreateInstance(elementType, rows.Count);
            for (var row = 0; row < rows.Count; row++)
            {
                arrays[column].SetValue(values[row], row);
            }
        }

        var command = Command(connection, transaction, "");
        for (var column = 0; column < columns.Count; column++)
        {
            Parameter(command, string.Create(CultureInfo.InvariantCulture, $"@c{column}"), arrays[column]);
        }

        var unnest = string.Join(", ", Enumerable.Range(0, columns.Count).Select(column => string.Create(CultureInfo.InvariantCulture, $"@c{column}")));
        command.CommandText = $"{InsertInto()} SELECT * FROM unnest({unnest}){UpsertClause()}";
        return command;
    }

    /// <summary><c>INSERT INTO "table" ("column", ...)</c>, the start of both ways of inserting.</summary>
    private string InsertInto() => $"INSERT INTO {SqlNames.Quote(sink.Table)} ({string.Join(", ", sink.Columns.Select(column => SqlNames.Quote(column.Name)))})";

    /// <summary>For upserts, <c> ON CONFLICT (key) DO UPDATE SET column = excluded.column, ...</c>; otherwise nothing.</summary>
    private string UpsertClause()
    {
        if (sink.Mode != DatabaseWriteMode.Upsert)
        {
            return "";
        }

        var updated = sink.Columns.Where(column => !sink.Key.Contains(column.Name)).Select(column => $"{SqlNames.Quote(column.Name)} = excluded.{SqlNames.Quote(column.Name)}");
        return $" ON CONFLICT ({string.Join(", ", sink.Key.Select(SqlNames.Quote))}) DO UPDATE SET {string.Join(", ", updated)}";
    }

    /// <summary>One multi-row INSERT (with ON CONFLICT ... DO UPDATE for upserts) of <paramref name="count"/> rows from <paramref name="start"/>.</summary>
    private DbCommand InsertCommand(DbConnection connection, DbTransaction transaction, IReadOnlyList<T> rows, int start, int count)
    {
        var columns = sink.Columns;
        var sql = new StringBuilder($"{InsertInto()} VALUES ");
        var command = Command(connection, transaction, "");
        for (var row = 0; row < count; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Count; column++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{row}_{column}");
                sql.Append(column == 0 ? name : ", " + name);
                Parameter(command, name, columns[column].Value(rows[start + row]));
            }

            sql.Append(')');
        }

        sql.Append(UpsertClause());
        command.CommandText = sql.ToString();
        return command;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
