using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sluice.Database;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>database --postgres CONNSTRING</c>: a batch of word counts (10,000 keys) written by the database sink in
/// upsert mode with its batch record, in one transaction, against two hand-written Npgsql writers in the same run:
/// the same upsert done the fastest way by hand (binary COPY into a temporary table, then one
/// <c>INSERT ... SELECT ... ON CONFLICT DO UPDATE</c>), and a plain binary COPY into an empty table as the floor.
/// Median over the batches.
/// </summary>
internal static class DatabaseHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--batches", "--keys", "--postgres"]);
        var connectionString = options.Get("--postgres") ?? throw new ArgumentException("Give --postgres CONNSTRING, a PostgreSQL server to write to.");
        var keys = options.GetInt("--keys", 10_000);
        var batches = options.GetInt("--batches", 20);
        var table = $"bench_counts_{Environment.ProcessId}";
        await ExecuteAsync(connectionString, $"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (word TEXT PRIMARY KEY, count BIGINT NOT NULL); DROP TABLE IF EXISTS {table}_copy; CREATE TABLE {table}_copy (word TEXT NOT NULL, count BIGINT NOT NULL)");
        var writer = new DatabaseBatchWriter<(string Word, long Count)>(
            new DatabaseSink<(string Word, long Count)>
            {
                Connect = () => new NpgsqlConnection(connectionString),
                Table = table,
                Columns = [new("word", row => row.Word), new("count", row => row.Count)],
                Mode = DatabaseWriteMode.Upsert,
                Key = ["word"],
            },
            NullLogger.Instance);
        var sink = new List<double>();
        var copy = new List<double>();
        var upsert = new List<double>();
        for (var batch = 0; batch < batches + 3; batch++)
        {
            var rows = Enumerable.Range(0, keys).Select(key => ($"word{key}", (long)(key + batch))).ToList();
            var watch = Stopwatch.StartNew();
            writer.Write(DateTimeOffset.UnixEpoch.AddSeconds(batch), rows);
            var sinkMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            await CopyAsync(connectionString, $"{table}_copy", rows, upsertInto: null);
            var copyMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            await CopyAsync(connectionString, $"{table}_copy", rows, upsertInto: table);
            var upsertMs = watch.Elapsed.TotalMilliseconds;
            if (batch >= 3)
            {
                sink.Add(sinkMs);
                copy.Add(copyMs);
                upsert.Add(upsertMs);
            }
        }

        sink.Sort();
        copy.Sort();
        upsert.Sort();
        Console.WriteLine($"{keys:N0} keys per batch into PostgreSQL, median of {batches} batches (after 3 untimed)");
        Console.WriteLine("| writer | ms per batch |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| by hand: binary COPY into an empty table (the floor) | {copy[copy.Count / 2]:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| by hand: binary COPY into a temporary table, then INSERT ... ON CONFLICT DO UPDATE (yardstick) | {upsert[upsert.Count / 2]:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Sluice ToDatabase, upsert with the batch record | {sink[sink.Count / 2]:F1} |"));
        await ExecuteAsync(connectionString, $"DROP TABLE {table}; DROP TABLE {table}_copy");
        return 0;
    }

    /// <summary>COPY of the rows into <paramref name="table"/> (emptied first), and with <paramref name="upsertInto"/> from there into that table as an upsert, in one transaction.</summary>
    private static async Task CopyAsync(string connectionString, string table, List<(string Word, long Count)> rows, string? upsertInto)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var truncate = new NpgsqlCommand($"TRUNCATE {table}", connection, transaction))
        {
            await truncate.ExecuteNonQueryAsync();
        }

        await using (var import = await connection.BeginBinaryImportAsync($"COPY {table} (word, count) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (word, count) in rows)
            {
                await import.StartRowAsync();
                await import.WriteAsync(word);
                await import.WriteAsync(count);
            }

            await import.CompleteAsync();
        }

        if (upsertInto is not null)
        {
            await using var merge = new NpgsqlCommand($"INSERT INTO {upsertInto} (word, count) SELECT word, count FROM {table} ON CONFLICT (word) DO UPDATE SET count = excluded.count", connection, transaction);
            await merge.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
