using System.Text.Json;
using Sluice.TestSupport;

namespace Sluice.Tests.Cli;

/// <summary>
/// The command line as a user meets it, as a process: a source it cannot reach is on standard error within a
/// batch, a second instance on one checkpoint directory is refused, and a checkpoint disk that fills up costs
/// neither a count nor a restart.
/// </summary>
[Trait("Category", "Process")]
public sealed class CliProcessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-cli-process-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string, string[]> Unreachable => new()
    {
        { "Error connecting to nosuchhost.invalid:10777", ["--host", "nosuchhost.invalid", "--port", "10777"] },
        { "Connection refused. Is a server listening there", ["--host", "127.0.0.1", "--port", "{port}"] },
        { "Watched directory /does/not/exist does not exist (yet)", ["--dir", "/does/not/exist"] },
    };

    [Theory]
    [MemberData(nameof(Unreachable))]
    public async Task AnUnreachableSource_IsOnStandardErrorWithinABatch_AndTheRunFails(string said, string[] source)
    {
        var port = Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var cli = ChildProcess.Sluice(["wordcount", .. source.Select(arg => arg.Replace("{port}", port, StringComparison.Ordinal)), "--batch", "500ms", "--batches", "3", "--no-ui", "--master", "local[2]"]);
        Assert.Equal(1, await cli.WaitForExitAsync());
        var error = cli.Error.ToList();
        var warned = error.FindIndex(line => line.StartsWith("warning: ", StringComparison.Ordinal) && line.Contains(said, StringComparison.Ordinal));
        var secondBatch = error.FindIndex(line => line.EndsWith("2 batches completed", StringComparison.Ordinal));
        Assert.True(warned >= 0 && warned < secondBatch, cli.Describe());
        Assert.StartsWith("error: nothing was read from ", error[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(error, line => line.StartsWith("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASecondInstanceOnOneCheckpointDirectory_IsRefusedNamingTheFirst_AndAKilledFirstDoesNotBlockARestart()
    {
        var input = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        var checkpoint = Path.Combine(_root, "checkpoint");
        string[] args = ["wordcount", "--dir", input, "--checkpoint", checkpoint, "--batch", "200ms", "--json", "--no-ui", "--master", "local[2]"];
        using var first = ChildProcess.Sluice(args);
        await first.WaitForLineAsync(line => line.StartsWith('{'), "the first batch");

        using (var second = ChildProcess.Sluice(args))
        {
            Assert.Equal(1, await second.WaitForExitAsync());
            Assert.Equal(
                [$"error: The checkpoint directory {checkpoint} is in use by application 'sluice' (process {first.Id} on {Environment.MachineName}, since "],
                second.Error.Select(line => line[..Math.Min(line.Length, line.IndexOf("since ", StringComparison.Ordinal) + 6)]));
        }

        first.Kill(); // SIGKILL: its lock ends with it
        using var restarted = ChildProcess.Sluice(args);
        await restarted.WaitForLineAsync(line => line.StartsWith('{'), "a batch after the restart");
        restarted.Signal("TERM");
        Assert.Equal(0, await restarted.WaitForExitAsync());
    }

    [Fact]
    public async Task ACheckpointDiskThatFillsUp_IsReported_AndAKilledRunResumesWithExactCounts()
    {
        var files = new ArrivingFiles(_root);
        using var disk = SmallDisk.Mount(16 << 20);
        disk.Fill(leaveFree: 256 << 10); // room for metadata, not for the window's state (until the ballast goes)
        var random = new Random(20261201);

        // Words mostly new to the window: the state outgrows the room left, the metadata does not.
        void Arrive() => files.Arrive([.. Enumerable.Range(0, 40).Select(_ => string.Join(' ', Enumerable.Range(0, 50).Select(_ => $"w{random.Next(1_000_000)}")))]);

        string[] args = ["wordcount", "--dir", files.Input, "--window", "600s", "--batch", "200ms", "--checkpoint", disk.Path, "--json", "--top", "1", "--no-ui", "--master", "local[2]"];
        using (var first = ChildProcess.Sluice(args))
        {
            await first.WaitForLineAsync(line => line.StartsWith('{'), "the first window");
            while (!first.Error.Any(line => line.Contains("could not be written", StringComparison.Ordinal)))
            {
                Arrive();
                var seen = files.Lines;
                await first.WaitForLineAsync(line => line.StartsWith('{') && Records(line) >= seen, $"a window of {seen} lines");
            }

            Assert.Contains(first.Error, line => line.StartsWith("warning: Checkpoint of batch ", StringComparison.Ordinal) && line.Contains("No space left on device", StringComparison.Ordinal));
            Arrive();
            await Task.Delay(new Random().Next(0, 600)); // anywhere between batches and checkpoints
            first.Kill();
        }

        Arrive(); // while it is down
        using var second = ChildProcess.Sluice(args);
        Arrive();
        var total = files.Lines;
        var last = await second.WaitForLineAsync(line => line.StartsWith('{') && Records(line) >= total, $"a window of all {total} lines");
        Assert.Equal(total, Records(last));
        var top = JsonDocument.Parse(last).RootElement.GetProperty("top")[0];
        Assert.Equal(files.Expected.Values.Max(), top.GetProperty("count").GetInt32());

        await second.WaitForLineAsync(line => line.Contains("could not be written", StringComparison.Ordinal), "its own first failed checkpoint", standardError: true);
        disk.FreeBallast();
        await second.WaitForLineAsync(line => line.Contains("Checkpoints are written to", StringComparison.Ordinal), "checkpoints written again", standardError: true);
        second.Signal("TERM");
        Assert.Equal(0, await second.WaitForExitAsync());
    }

    [Fact]
    public async Task ADamagedCheckpoint_IsSkippedWithAWarning_AndNothingUsable_IsRefusedUntilAskedToStartAfresh()
    {
        var input = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        var checkpoint = Path.Combine(_root, "checkpoint");
        string[] args = ["wordcount", "--dir", input, "--window", "2s", "--batch", "200ms", "--checkpoint", checkpoint, "--json", "--no-ui", "--master", "local[2]"];
        using (var first = ChildProcess.Sluice(args))
        {
            // The window's state is saved every 10 s: wait for a metadata file that names a state file, and one more batch.
            await first.WaitForLineAsync(_ => Directory.EnumerateFiles(checkpoint, "state-*").Any(), "a state file");
            var seen = first.Output.Count;
            await first.WaitForLineAsync(_ => first.Output.Count > seen + 1, "two more batches");
            first.Kill();
        }

        var newestState = Directory.EnumerateFiles(checkpoint, "state-*").Order(StringComparer.Ordinal).Last();
        File.WriteAllText(newestState, "damaged by the test");
        File.WriteAllText(Path.Combine(checkpoint, "notes.txt"), "a foreign file");
        using (var second = ChildProcess.Sluice(args))
        {
            var warning = await second.WaitForLineAsync(line => line.Contains("newer checkpoints could not be used", StringComparison.Ordinal), "the fallback's warning", standardError: true);
            Assert.Contains(Path.GetFileName(newestState), warning, StringComparison.Ordinal);
            await second.WaitForLineAsync(line => line.StartsWith('{'), "a batch after the fallback");
            second.Kill();
        }

        foreach (var metadata in Directory.EnumerateFiles(checkpoint, "metadata-*"))
        {
            File.WriteAllBytes(metadata, []);
        }

        using (var refused = ChildProcess.Sluice(args))
        {
            Assert.Equal(1, await refused.WaitForExitAsync());
            var error = Assert.Single(refused.Error, line => line.StartsWith("error: ", StringComparison.Ordinal));
            Assert.StartsWith($"error: No checkpoint in {checkpoint} can be used: metadata-", error, StringComparison.Ordinal);
            Assert.EndsWith("or `sluice wordcount ... --create-on-error`.", error, StringComparison.Ordinal);
        }

        using var fresh = ChildProcess.Sluice([.. args, "--create-on-error"]);
        await fresh.WaitForLineAsync(line => line.StartsWith("warning: No checkpoint in ", StringComparison.Ordinal) && line.Contains("starting afresh as asked", StringComparison.Ordinal), "the fresh start's warning", standardError: true);
        await fresh.WaitForLineAsync(line => line.StartsWith('{'), "a batch of the fresh start");
    }

    private static long Records(string json) => JsonDocument.Parse(json).RootElement.GetProperty("records").GetInt64();
}
