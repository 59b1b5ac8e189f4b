using System.Globalization;

namespace Sluice.TestSupport;

/// <summary>
/// The crash tests' scenario for a source: an outside client publishes words (<c>w0</c>, <c>w1</c>, …) from when
/// the CLI's word count is ready until after it was killed with SIGKILL and started again; the first run is killed
/// once a file appears in the checkpoint directory after a batch with records (a logged block, a checkpoint).
/// Gives each word's count over every batch the output directory holds, once every word published is there (or a
/// minute passed), and how many were published.
/// </summary>
public static class CrashWhilePublishing
{
    public static string Word(int index) => string.Create(CultureInfo.InvariantCulture, $"w{index}");

    /// <param name="startWordCount">Starts the word count (and waits until it is ready to receive, if it must be).</param>
    /// <param name="publish">Publishes words from the index given, and returns how many it published.</param>
    /// <param name="killWhen">The checkpoint directory's files whose next new one means "kill now".</param>
    /// <param name="output">The word count's <c>dir:</c> output.</param>
    public static async Task<(Dictionary<string, long> Totals, int Published)> RunAsync(Func<Task<ChildProcess>> startWordCount, Func<int, int> publish, Func<HashSet<string>> killWhen, string output)
    {
        var published = 0;
        using var stop = new CancellationTokenSource();
        var publishing = Task.CompletedTask;
        try
        {
            using (var first = await startWordCount())
            {
                publishing = Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        published += publish(published);
                        await Task.Delay(1);
                    }
                });
                await first.WaitForLineAsync(line => line.Contains("\"records\":", StringComparison.Ordinal) && !line.Contains("\"records\":0", StringComparison.Ordinal), "a batch with records");
                var before = killWhen();
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                while (killWhen().All(before.Contains))
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        throw new TimeoutException($"Nothing more was logged or checkpointed within 30 s of a batch. {first.Describe()}");
                    }

                    await Task.Delay(1);
                }

                first.Kill();
            }

            using var second = await startWordCount();
            await second.WaitForLineAsync(line => line.Contains("\"records\":", StringComparison.Ordinal), "a batch after the restart");
            await stop.CancelAsync();
            await publishing;
            var wait = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            Dictionary<string, long> totals;
            while ((totals = BatchDirectoryTotals.Of(output)).Count < published && DateTime.UtcNow < wait)
            {
                await Task.Delay(50);
            }

            var missing = Enumerable.Range(0, published).Select(Word).Where(word => !totals.ContainsKey(word)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"{missing.Count} of {published} were lost, for example {string.Join(", ", missing.Take(5))}. {second.Describe()}");
            }

            return (totals, published);
        }
        finally
        {
            await stop.CancelAsync();
            await publishing.ContinueWith(_ => { }, TaskScheduler.Default); // a failed publisher is the test's failure only through what was lost
        }
    }

    /// <summary>The files in <paramref name="directory"/> that match <paramref name="pattern"/> (none while it does not exist).</summary>
    public static HashSet<string> Files(string directory, string pattern) => Directory.Exists(directory) ? [.. Directory.GetFiles(directory, pattern)] : [];
}
