using System.Globalization;
using Microsoft.Data.Sqlite;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Database.Tests;

/// <summary>
/// The crash that exactly-once is for: a batch committed its rows, then the process died before the batch's
/// checkpoint was written. The recovery runs the batch again from its source; the database skips it.
/// </summary>
public sealed class ReplayAfterCommitTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-replay-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private string Database => Path.Combine(_root, "out.db");

    private string Checkpoint => Path.Combine(_root, "checkpoint");

    private string Input => Path.Combine(_root, "in");

    private StreamingContext Build(StreamingTestContext test)
    {
        test.Context.Checkpoint(Checkpoint);
        test.Context.TextFileStream(Input)
            .FlatMap(line => line.Split(' '))
            .Map(word => (word, 1))
            .ReduceByKey((a, b) => a + b)
            .Transform((rdd, time) => rdd.Map(pair => (Time: time.ToUnixTimeMilliseconds(), Word: pair.Item1, Count: (long)pair.Item2)))
            .ToDatabase(new DatabaseSink<(long Time, string Word, long Count)>
            {
                Connect = () => new SqliteConnection($"Data Source={Database};Pooling=False"),
                Table = "counts",
                Columns = [new("batch_time", row => row.Time), new("word", row => row.Word), new("count", row => row.Count)],
                Name = "word-counts",
            });
        return test.Context;
    }

    private List<string> Rows()
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT batch_time, word, count FROM counts ORDER BY batch_time, word";
        using var reader = query.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetInt64(0)} {reader.GetString(1)}={reader.GetInt64(2)}"));
        }

        return rows;
    }

    [Fact]
    public async Task ABatchCommittedButNotCheckpointed_IsReadAgainAndSkipped_NotWrittenTwice()
    {
        using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE counts (batch_time INTEGER NOT NULL, word TEXT NOT NULL, count INTEGER NOT NULL)"; // no key: a second write would show
            create.ExecuteNonQuery();
        }

        Directory.CreateDirectory(Input);
        DateTimeOffset second;
        using (var first = new StreamingTestContext())
        {
            StreamingContext.GetOrCreate(Checkpoint, () => Build(first));
            await first.RunBatchesAsync(1); // batch 1: nothing yet
            var file = Path.Combine(Input, "a.log");
            File.WriteAllLines(file, ["x y x"]);
            File.SetLastWriteTimeUtc(file, first.Clock.GetUtcNow().UtcDateTime);
            await first.RunBatchesAsync(1); // batch 2: a.log, committed to the database
            second = first.CompletedBatches[1].BatchTime;
        } // killed (the stop still finishes writing the checkpoints already queued)

        // The process died after batch 2 committed and before its checkpoint was written.
        File.Delete(Directory.EnumerateFiles(Checkpoint, "metadata-*").Single(path => path.EndsWith(second.ToUnixTimeMilliseconds().ToString("D15", CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        Assert.Equal([$"{second.ToUnixTimeMilliseconds()} x=2", $"{second.ToUnixTimeMilliseconds()} y=1"], Rows());

        using var recovered = new StreamingTestContext();
        StreamingContext.GetOrCreate(Checkpoint, () => Build(recovered));
        recovered.Clock.SetUtcNow(second);
        await recovered.RunBatchesAsync(2); // batch 2 again (a.log read again), then batch 3

        Assert.Equal([$"{second.ToUnixTimeMilliseconds()} x=2", $"{second.ToUnixTimeMilliseconds()} y=1"], Rows());
        Assert.Contains(recovered.CompletedBatches, batch => batch.BatchTime == second && batch.Failure is null);

        // The batch's record names what it read.
        using var ledger = new SqliteConnection($"Data Source={Database};Pooling=False");
        ledger.Open();
        using var record = ledger.CreateCommand();
        record.CommandText = $"SELECT positions FROM sluice_batches WHERE sink = 'word-counts' AND batch_time = {second.ToUnixTimeMilliseconds()}";
        Assert.Contains(System.Text.Json.JsonSerializer.Serialize(Path.Combine(Input, "a.log")), (string)record.ExecuteScalar()!, StringComparison.Ordinal);
    }
}
