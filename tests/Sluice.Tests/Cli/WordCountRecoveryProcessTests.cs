using System.Text.Json;
using Sluice.TestSupport;

namespace Sluice.Tests.Cli;

/// <summary>
/// The CLI as a process, killed with SIGKILL while it counts words of a file directory over a window longer than
/// the run, with checkpointing on; restarted with the same command, it resumes from the checkpoint, and the last
/// window counts every file exactly once, as an uninterrupted run would.
/// </summary>
[Trait("Category", "Process")]
public sealed class WordCountRecoveryProcessTests : IDisposable
{
    private const int Files = 10;
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-cli-recovery-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ChildProcess Start(string input, string checkpoint)
        => ChildProcess.Sluice("wordcount", "--dir", input, "--batch", "200ms", "--window", "600s", "--checkpoint", checkpoint, "--json", "--top", "100", "--master", "local[2]", "--no-ui");

    private static async Task<JsonElement> WindowAsync(ChildProcess cli, Func<JsonElement, bool> condition, string what)
        => JsonDocument.Parse(await cli.WaitForLineAsync(line => line.StartsWith('{') && condition(JsonDocument.Parse(line).RootElement), what)).RootElement;

    [Fact]
    public async Task KilledAtARandomPoint_AndRestarted_TheWindowCountsEveryFileOnce()
    {
        var files = new ArrivingFiles(_root);
        var input = files.Input;
        var checkpoint = Path.Combine(_root, "checkpoint");
        var random = new Random();
        var killAfter = random.Next(1, Files);
        void Arrive(int file) => files.Arrive([.. Enumerable.Range(0, 3).Select(_ => string.Join(' ', Enumerable.Range(0, 4).Select(_ => $"w{random.Next(6)}")))]);

        using (var first = Start(input, checkpoint))
        {
            await WindowAsync(first, _ => true, "its first window"); // started: files from now on are new
            for (var file = 0; file < killAfter; file++)
            {
                Arrive(file);
                var seen = files.Lines;
                await WindowAsync(first, window => window.GetProperty("records").GetInt32() >= seen, $"{seen} lines");
            }

            await Task.Delay(random.Next(0, 400)); // a random point between batches and checkpoints
            first.Kill();
        }

        for (var file = killAfter; file < killAfter + 2 && file < Files; file++)
        {
            Arrive(file); // while the application is down
        }

        using var second = Start(input, checkpoint);
        for (var file = killAfter + 2; file < Files; file++)
        {
            Arrive(file);
        }

        var total = files.Lines;
        var last = await WindowAsync(second, window => window.GetProperty("records").GetInt32() >= total, $"all {total} lines");
        Assert.Equal(total, last.GetProperty("records").GetInt32());
        var counts = last.GetProperty("top").EnumerateArray().ToDictionary(word => word.GetProperty("word").GetString()!, word => word.GetProperty("count").GetInt32());
        Assert.Equal(files.Expected.OrderBy(pair => pair.Key, StringComparer.Ordinal), counts.OrderBy(pair => pair.Key, StringComparer.Ordinal));
    }
}
