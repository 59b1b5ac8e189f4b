using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Database.Tests;

/// <summary>The database sink against SQLite files: the modes, the ledger that makes a replayed batch a no-op, and retries.</summary>
public sealed class SqliteSinkTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-sqlite-").FullName;

    public SqliteSinkTests()
    {
        using var connection = Connect();
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE counts (word TEXT NOT NULL, count INTEGER NOT NULL); CREATE TABLE totals (word TEXT PRIMARY KEY, count INTEGER NOT NULL)";
        create.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private SqliteConnection Connect() => new($"Data Source={Path.Combine(_directory, "out.db")};Pooling=False");

    private List<(string Word, long Count)> Rows(string table)
    {
        using var connection = Connect();
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT word, count FROM {table} ORDER BY word, count";
        using var reader = query.ExecuteReader();
        var rows = new List<(string, long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }

    private long Scalar(string sql)
    {
        using var connection = Connect();
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = sql;
        return Convert.ToInt64(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private DatabaseSink<(string Word, int Count)> Sink(string table, DatabaseWriteMode mode) => new()
    {
        Connect = Connect,
        Table = table,
        Columns = [new("word", row => row.Word), new("count", row => row.Count)],
        Mode = mode,
        Key = mode == DatabaseWriteMode.Upsert ? ["word"] : [],
        RetryBackoff = TimeSpan.Zero,
    };

    private static DStream<(string Word, int Count)> Counts(StreamingTestContext test)
        => test.Input<string>([["a", "b", "a"], ["b", "c"], ["a"]]).Map(word => (word, 1)).ReduceByKey((x, y) => x + y);

    [Fact]
    public async Task Insert_AddsEveryBatchsRows_AndRecordsEachBatchOnce()
    {
        using var test = new StreamingTestContext();
        Counts(test).ToDatabase(Sink("counts", DatabaseWriteMode.Insert));
        await test.RunBatchesAsync(3);

        Assert.Equal([("a", 1), ("a", 2), ("b", 1), ("b", 1), ("c", 1)], Rows("counts"));
        Assert.Equal(3, Scalar("SELECT COUNT(*) FROM sluice_batches WHERE sink = 'counts'"));
        Assert.Equal(5, Scalar("SELECT SUM(row_count) FROM sluice_batches"));
    }

    [Fact]
    public async Task Upsert_KeepsTheLatestValuePerKey_AndReplace_TheLatestBatch()
    {
        using var test = new StreamingTestContext();
        var counts = Counts(test);
        counts.ToDatabase(Sink("totals", DatabaseWriteMode.Upsert));
        counts.ToDatabase(Sink("counts", DatabaseWriteMode.Replace));
        await test.RunBatchesAsync(3);

        Assert.Equal([("a", 1), ("b", 1), ("c", 1)], Rows("totals"));
        Assert.Equal([("a", 1)], Rows("counts"));
    }

    [Fact]
    public void ABatchWrittenBefore_IsSkipped_SoAReplayWritesNothingTwice()
    {
        var writer = new DatabaseBatchWriter<(string Word, int Count)>(Sink("counts", DatabaseWriteMode.Insert), NullLogger.Instance);
        var batch = new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero);
        writer.Write(batch, [("a", 2)]);
        writer.Write(batch, [("a", 2)]); // the same batch again, as after a crash before the checkpoint recorded it
        writer.Write(batch.AddSeconds(1), [("a", 5)]);

        Assert.Equal([("a", 2), ("a", 5)], Rows("counts"));
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM sluice_batches"));
    }

    [Fact]
    public void AFailingConnection_IsRetried_ThenTheBatchFailsWithNothingCommitted()
    {
        var attempts = 0;
        var columns = Sink("counts", DatabaseWriteMode.Insert).Columns;
        var sink = new DatabaseSink<(string Word, int Count)>
        {
            Connect = () => ++attempts <= 2 ? throw new SqliteException("database is locked", 5) : Connect(),
            Table = "counts",
            Columns = columns,
            RetryBackoff = TimeSpan.Zero,
        };
        new DatabaseBatchWriter<(string Word, int Count)>(sink, NullLogger.Instance).Write(DateTimeOffset.UnixEpoch, [("x", 1)]);
        Assert.Equal(3, attempts);
        Assert.Equal([("x", 1)], Rows("counts"));

        var down = new DatabaseSink<(string Word, int Count)>
        {
            Connect = () => throw new SqliteException("unable to open database file", 14),
            Table = "counts",
            Columns = columns,
            Retries = 2,
            RetryBackoff = TimeSpan.Zero,
        };
        var error = Assert.Throws<DatabaseWriteException>(() => new DatabaseBatchWriter<(string Word, int Count)>(down, NullLogger.Instance).Write(DateTimeOffset.UnixEpoch.AddSeconds(1), [("y", 1)]));
        Assert.Contains("Could not write batch 1970-01-01T00:00:01.0000000+00:00 to table counts after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal([("x", 1)], Rows("counts"));
    }

    [Fact]
    public void UnusableNamesAndKeys_AreRefusedWhenTheOutputIsDefined()
    {
        using var test = new StreamingTestContext();
        var counts = Counts(test);
        var name = Assert.Throws<ArgumentException>(() => counts.ToDatabase(Sink("counts; DROP TABLE x", DatabaseWriteMode.Insert)));
        Assert.Contains("is not a usable SQL name", name.Message, StringComparison.Ordinal);
        var keyless = new DatabaseSink<(string Word, int Count)> { Connect = Connect, Table = "totals", Columns = Sink("totals", DatabaseWriteMode.Upsert).Columns, Mode = DatabaseWriteMode.Upsert };
        var upsert = Assert.Throws<ArgumentException>(() => counts.ToDatabase(keyless));
        Assert.Contains("Upsert needs the key columns", upsert.Message, StringComparison.Ordinal);
    }
}
