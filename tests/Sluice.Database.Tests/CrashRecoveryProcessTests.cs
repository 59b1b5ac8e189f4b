using System.Diagnostics;
using Npgsql;
using Sluice.TestSupport;

namespace Sluice.Database.Tests;

/// <summary>
/// Exactly-once across crashes: the CLI's word count reads files renamed into a directory and writes its counts
/// to PostgreSQL (every batch's, or a window's, which is state kept in the checkpoint) or to a directory of
/// per-batch files; it is killed with SIGKILL at random moments and started again with the same checkpoint.
/// The output ends with every file's words counted once: no batch missing, none written twice, no partial batch.
/// </summary>
[Trait("Category", "Process")]
public sealed class CrashRecoveryProcessTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-crash-").FullName;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new(); // what the word counts said, for a failure's message
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _batchLines = new(); // the last batches' records and failures, likewise
    private int _batchesPrinted;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Output => Path.Combine(_root, "out");

    /// <summary>
    /// Starts the word count; <paramref name="firstBatch"/> completes when it has printed a batch. Batches of 1 s:
    /// each restart runs every batch since its checkpoint first, and with 200 ms a restart on a machine busy with
    /// other suites fell ever further behind.
    /// </summary>
    private Process StartWordCount(string input, string checkpoint, string kind, TaskCompletionSource? firstBatch = null)
    {
        string[] output = kind switch
        {
            "window" => ["--output", $"postgres:{server.ConnectionString}", "--window", "600s"],
            "dir" => ["--output", $"dir:{Output}"],
            _ => ["--output", $"postgres:{server.ConnectionString}"],
        };
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll"), "wordcount", "--dir", input, "--batch", "1s",
                "--checkpoint", checkpoint, .. output, "--no-ui", "--json", "--master", "local[2]"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
        };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith('{') == true)
            {
                Interlocked.Increment(ref _batchesPrinted);
                firstBatch?.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not { Length: > 0 } text)
            {
                return;
            }

            if (!text.StartsWith("batch ", StringComparison.Ordinal))
            {
                _errors.Enqueue(text);
                return;
            }

            _batchLines.Enqueue(text);
            while (_batchLines.Count > 20 && _batchLines.TryDequeue(out var _))
            {
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The counts per word the output holds now.</summary>
    private Dictionary<string, long> Totals(string kind) => kind == "dir" ? BatchDirectoryTotals.Of(Output) : DatabaseTotals(kind == "window"
        ? ("word_window_counts", "SELECT word, count FROM word_window_counts")
        : ("word_counts", "SELECT word, SUM(count) FROM word_counts GROUP BY word"));

    private Dictionary<string, long> DatabaseTotals((string Table, string Query) source)
    {
        using var connection = new NpgsqlConnection(server.ConnectionString);
        connection.Open();
        using var exists = new NpgsqlCommand($"SELECT to_regclass('{source.Table}') IS NOT NULL", connection);
        if (!(bool)exists.ExecuteScalar()!)
        {
            return [];
        }

        using var query = new NpgsqlCommand(source.Query, connection);
        using var reader = query.ExecuteReader();
        var totals = new Dictionary<string, long>();
        while (reader.Read())
        {
            totals[reader.GetString(0)] = reader.GetInt64(1);
        }

        return totals;
    }

    [Theory]
    [InlineData("batches")]
    [InlineData("window")]
    [InlineData("dir")]
    public async Task KilledAtRandomAndRestarted_EveryFileIsCountedExactlyOnce(string kind)
    {
        var input = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        var staging = Directory.CreateDirectory(Path.Combine(_root, "staging")).FullName;
        var checkpoint = Path.Combine(_root, "checkpoint");
        var random = new Random(20261124);
        var expected = new Dictionary<string, long>();
        var files = Enumerable.Range(0, 16).Select(file =>
        {
            var words = Enumerable.Range(0, 200).Select(_ => $"w{random.Next(40)}").ToList();
            foreach (var word in words)
            {
                expected[word] = expected.GetValueOrDefault(word) + 1;
            }

            return words;
        }).ToList();

        // Files already there when a stream first starts are not new (as in Spark): the first file comes after the
        // first batch. Later files arrive whether the application runs or not; a restart reads what came meanwhile.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wordCount = StartWordCount(input, checkpoint, kind, started);
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            for (var file = 0; file < files.Count; file++)
            {
                var path = Path.Combine(staging, $"part-{file}.txt");
                await File.WriteAllLinesAsync(path, [string.Join(' ', files[file])]);
                File.Move(path, Path.Combine(input, $"part-{file}.txt")); // renamed in whole, as the file source asks
                await Task.Delay(random.Next(50, 400)); // files arrive over real time, across batches

                if (file % 5 == 4)
                {
                    wordCount.Kill(); // SIGKILL, wherever it is: reading, writing, checkpointing
                    await wordCount.WaitForExitAsync();
                    wordCount.Dispose();
                    wordCount = StartWordCount(input, checkpoint, kind);
                }
            }

            // Wait (on the database) until every word is in; then three more batches, in which a double write would show.
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (Totals(kind).Values.Sum() < expected.Values.Sum() && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            var printed = Volatile.Read(ref _batchesPrinted);
            while (Volatile.Read(ref _batchesPrinted) < printed + 3 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
        finally
        {
            wordCount.Kill(entireProcessTree: true); // on every path out, failures included
            await wordCount.WaitForExitAsync();
            wordCount.Dispose();
        }

        var totals = Totals(kind);
        var message = $"What the word counts said on standard error, batch lines left out:\n{string.Join('\n', _errors.TakeLast(40))}\nThe last batch lines:\n{string.Join('\n', _batchLines)}";

        // Only the first run starts afresh, even when it is killed right after its first batch: every later run
        // resumes from a checkpoint, so the files that came meanwhile are new to it (they were lost once).
        Assert.True(_errors.Count(line => line.Contains("starting afresh", StringComparison.Ordinal)) == 1, message);
        Assert.True(
            expected.OrderBy(pair => pair.Key, StringComparer.Ordinal).SequenceEqual(totals.OrderBy(pair => pair.Key, StringComparer.Ordinal)),
            $"Counted {totals.Values.Sum()} of {expected.Values.Sum()} words ({totals.Count} of {expected.Count} distinct), after {Volatile.Read(ref _batchesPrinted)} batches printed. {message}");
    }
}
