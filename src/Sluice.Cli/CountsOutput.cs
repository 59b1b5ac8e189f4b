using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Sluice.Database;
using Sluice.Streams;
using Sluice.Text;

namespace Sluice.Cli;

/// <summary>
/// <c>--output</c> of the word counts: <c>sqlite:PATH</c> and <c>postgres:CONNSTRING</c> write every count of every
/// batch to the table <c>word_counts (batch_time, word, count)</c> (with a window: the latest window's counts in
/// <c>word_window_counts (word, count)</c>), exactly once per batch; <c>dir:PATH</c> writes a directory of text
/// files per batch. Tables are created when missing.
/// </summary>
internal static class CountsOutput
{
    public const string Description = "Also write all counts: sqlite:PATH or postgres:CONNSTRING (table word_counts per batch, or word_window_counts with --window; exactly once per batch), or dir:PATH (a directory of text files per batch).";

    public static string? Check(string spec)
        => Split(spec) is (("sqlite" or "postgres" or "dir"), { Length: > 0 })
            ? null
            : $"--output {spec}: expected sqlite:PATH, postgres:CONNSTRING or dir:PATH.";

    public static void Add(string spec, DStream<(int Count, Utf8Text Word)> counts, bool window)
    {
        var (scheme, target) = Split(spec);
        if (scheme == "dir")
        {
            counts.SaveAsTextFiles(Path.Combine(target, window ? "window-counts" : "counts"), "txt");
            return;
        }

        Func<DbConnection> connect = scheme == "sqlite" ? () => new SqliteConnection($"Data Source={target}") : () => new NpgsqlConnection(target);
        if (window)
        {
            CreateTable(connect, "CREATE TABLE IF NOT EXISTS word_window_counts (word TEXT PRIMARY KEY, count BIGINT NOT NULL)");
            counts.ToDatabase(new DatabaseSink<(int Count, Utf8Text Word)>
            {
                Connect = connect,
                Table = "word_window_counts",
                Columns = [new("word", row => row.Word.ToString()), new("count", row => (long)row.Count)],
                Mode = DatabaseWriteMode.Replace,
            });
            return;
        }

        CreateTable(connect, "CREATE TABLE IF NOT EXISTS word_counts (batch_time BIGINT NOT NULL, word TEXT NOT NULL, count BIGINT NOT NULL, PRIMARY KEY (batch_time, word))");
        counts.Transform((rdd, time) => rdd.Map(pair => (Time: time.ToUnixTimeMilliseconds(), Word: pair.Word.ToString(), Count: (long)pair.Count)))
            .ToDatabase(new DatabaseSink<(long Time, string Word, long Count)>
            {
                Connect = connect,
                Table = "word_counts",
                Columns = [new("batch_time", row => row.Time), new("word", row => row.Word), new("count", row => row.Count)],
            });
    }

    private static (string Scheme, string Target) Split(string spec)
        => spec.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? (spec[..colon], spec[(colon + 1)..]) : ("", "");

    /// <exception cref="IOException">The database cannot be reached or the table cannot be created.</exception>
    private static void CreateTable(Func<DbConnection> connect, string sql)
    {
        try
        {
            using var connection = connect();
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        catch (DbException error)
        {
            throw new IOException($"--output: cannot open the database or create its table: {error.Message} Check the path or connection string, and that the server is up.", error);
        }
    }
}
