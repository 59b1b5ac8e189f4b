using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Database.Tests;

/// <summary>The database sink against a real PostgreSQL server over TCP on 127.0.0.1.</summary>
[Trait("Category", "Process")]
public sealed class PostgresSinkTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private readonly string _table = $"counts_{Guid.NewGuid():N}";

    private NpgsqlConnection Connect() => new(server.ConnectionString);

    private void Execute(string sql)
    {
        using var connection = Connect();
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private List<(string Word, long Count)> Rows()
    {
        using var connection = Connect();
        connection.Open();
        using var query = new NpgsqlCommand($"SELECT word, count FROM {_table} ORDER BY word, count", connection);
        using var reader = query.ExecuteReader();
        var rows = new List<(string, long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }

    private DatabaseSink<(string Word, int Count)> Sink(DatabaseWriteMode mode, Func<NpgsqlConnection>? connect = null) => new()
    {
        Connect = connect ?? Connect,
        Table = _table,
        Columns = [new("word", row => row.Word), new("count", row => (long)row.Count)],
        Mode = mode,
        Key = mode == DatabaseWriteMode.Upsert ? ["word"] : [],
        RetryBackoff = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task Upsert_KeepsRunningTotals_AndAReplayedBatchIsSkipped()
    {
        Execute($"CREATE TABLE {_table} (word TEXT PRIMARY KEY, count BIGINT NOT NULL)");
        using var test = new StreamingTestContext();
        test.Input<string>([["a", "b", "a"], ["b", "c"]]).Map(word => (word, 1)).ReduceByKey((x, y) => x + y).ToDatabase(Sink(DatabaseWriteMode.Upsert));
        await test.RunBatchesAsync(2);
        Assert.Equal([("a", 2), ("b", 1), ("c", 1)], Rows());

        var replay = new DatabaseBatchWriter<(string Word, int Count)>(Sink(DatabaseWriteMode.Upsert), NullLogger.Instance);
        replay.Write(test.CompletedBatches[^1].BatchTime, [("b", 99)]); // the second batch again, as a recovery would run it
        Assert.Equal([("a", 2), ("b", 1), ("c", 1)], Rows());
    }

    [Fact]
    public void TenThousandRows_GoInInChunks_InOneTransaction()
    {
        Execute($"CREATE TABLE {_table} (word TEXT NOT NULL, count BIGINT NOT NULL)");
        var writer = new DatabaseBatchWriter<(string Word, int Count)>(Sink(DatabaseWriteMode.Insert), NullLogger.Instance);
        writer.Write(DateTimeOffset.UnixEpoch, [.. Enumerable.Range(0, 10_000).Select(i => ($"w{i}", i))]);
        var rows = Rows();
        Assert.Equal(10_000, rows.Count);
        Assert.Equal(Enumerable.Range(0, 10_000).Sum(i => (long)i), rows.Sum(row => row.Count));
    }

    [Fact]
    public async Task ADatabaseThatGoesAway_IsRetried_AndTheBatchIsWrittenOnceItIsBack()
    {
        Execute($"CREATE TABLE {_table} (word TEXT NOT NULL, count BIGINT NOT NULL)");
        var firstFailure = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new ManualResetEventSlim();
        var attempts = 0;
        NpgsqlConnection Watched()
        {
            if (Interlocked.Increment(ref attempts) == 2)
            {
                firstFailure.SetResult(); // the first attempt failed: the test brings the server back
                resume.Wait(TimeSpan.FromSeconds(60));
            }

            return Connect();
        }

        var writer = new DatabaseBatchWriter<(string Word, int Count)>(Sink(DatabaseWriteMode.Insert, Watched), NullLogger.Instance);
        await server.StopAsync();
        var stopped = true;
        try
        {
            var writing = Task.Run(() => writer.Write(DateTimeOffset.UnixEpoch, [("back", 1)]));
            await firstFailure.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await server.StartAsync();
            stopped = false;
            resume.Set();
            await writing.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            resume.Set();
            if (stopped)
            {
                await server.StartAsync(); // for the other tests of the class
            }
        }

        Assert.Equal([("back", 1)], Rows());
    }

    [Fact]
    public void NullsGoIn_ByArraysWhenAColumnHasATypedValue_ByRowsWhenAColumnIsAllNull()
    {
        Execute($"CREATE TABLE {_table} (word TEXT PRIMARY KEY, count BIGINT, note TEXT)");
        var sink = new DatabaseSink<(string Word, long? Count, string? Note)>
        {
            Connect = Connect,
            Table = _table,
            Columns = [new("word", row => row.Word), new("count", row => row.Count), new("note", row => row.Note)],
            Mode = DatabaseWriteMode.Upsert,
            Key = ["word"],
        };
        var writer = new DatabaseBatchWriter<(string Word, long? Count, string? Note)>(sink, NullLogger.Instance);
        writer.Write(DateTimeOffset.UnixEpoch, [("a", 1, null), ("b", null, null)]); // note: all null, so rows
        writer.Write(DateTimeOffset.UnixEpoch.AddSeconds(1), [("b", 2, "late"), ("c", null, null)]); // arrays, with nulls

        using var connection = Connect();
        connection.Open();
        using var query = new NpgsqlCommand($"SELECT word, count, note FROM {_table} ORDER BY word", connection);
        using var reader = query.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add($"{reader.GetString(0)}:{(reader.IsDBNull(1) ? "null" : reader.GetInt64(1))}:{(reader.IsDBNull(2) ? "null" : reader.GetString(2))}");
        }

        Assert.Equal(["a:1:null", "b:2:late", "c:null:null"], rows);
    }
}
