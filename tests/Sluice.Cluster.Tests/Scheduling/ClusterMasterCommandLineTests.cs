using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sluice.TestSupport;

namespace Sluice.Cluster.Tests.Scheduling;

/// <summary>
/// <c>sluice wordcount --master local-cluster[2,1]</c>: the command line's word count with its tasks in two executor
/// processes of its own gives what <c>local[2]</c> gives, from a directory batch by batch and from a socket in total,
/// and ends cleanly on SIGTERM or SIGINT, its executors with it, also when the signal reaches them first; with
/// <c>--master cluster://HOST:PORT</c>, on an executor started by hand (<c>sluice executor</c>), which ends when the
/// driver does. A driver killed with SIGKILL takes its executor processes with it, and its restart goes on from the
/// checkpoint.
/// </summary>
[Trait("Category", "Process")]
public sealed partial class ClusterMasterCommandLineTests : IDisposable
{
    private static readonly string[][] Files = [["to be or not to be", "that is the question"], ["be quick", "or be gone", "to and fro"], ["the end"]];
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-local-cluster-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task AWordCountOverADirectory_GivesWhatLocalGives_BatchByBatch()
    {
        Assert.Equal(await CountFilesAsync("local[2]"), await CountFilesAsync("local-cluster[2,1]"));
    }

    [Fact]
    public async Task AnExecutorKilledBetweenBatches_LeavesEveryLaterBatchAsLocalGivesIt()
    {
        var killed = 0;
        var counts = await CountFilesAsync("local-cluster[2,1]", afterFirstFile: cli =>
        {
            killed = ChildrenOf(cli.Id).First();
            using var executor = System.Diagnostics.Process.GetProcessById(killed);
            executor.Kill(); // SIGKILL
        });

        Assert.NotEqual(0, killed);
        Assert.Equal(await CountFilesAsync("local[2]"), counts);
    }

    [Fact]
    public async Task AWordCountOnAClusterMaster_RunsOnAnExecutorStartedByHand_WhichEndsWithTheDriver()
    {
        // The driver listens on an address and is reached by a name, as behind a Kubernetes service.
        var address = $"localhost:{Loopback.FreePort()}";
        var secret = new Dictionary<string, string> { ["SLUICE_CLUSTER_SECRET"] = "command-line-test-secret" };
        var driverEnvironment = new Dictionary<string, string>(secret)
        {
            ["SLUICE_CLUSTER_BIND"] = "127.0.0.1",
            ["SLUICE_CLUSTER_BLOCK_PORT"] = Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        ChildProcess? executor = null;
        try
        {
            var counts = await CountFilesAsync($"cluster://{address}", driverEnvironment, async driver =>
            {
                await driver.WaitForLineAsync(line => line.StartsWith($"Waiting for executors at {address}", StringComparison.Ordinal), "the driver's word that it waits", standardError: true);
                executor = ChildProcess.Sluice(secret, "executor", "--driver", address, "--slots", "2");
            });

            Assert.Equal(await CountFilesAsync("local[2]"), counts);
            Assert.Equal(0, await executor!.WaitForExitAsync());
            Assert.Contains("The driver's cluster ended this executor.", executor.Output);
        }
        finally
        {
            executor?.Dispose();
        }
    }

    [Theory]
    [InlineData("INT", 130)] // Ctrl+C at a terminal
    [InlineData("TERM", 143)] // `timeout`, or systemd stopping a service
    public async Task ASignalToTheWholeProcessGroup_ReachesTheExecutorsToo_WhichLeaveTheStopToTheDriver(string signal, int exitCodeOfTheSignal)
    {
        var input = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        using var cli = ChildProcess.Sluice("wordcount", "--dir", input, "--batch", "200ms", "--json", "--no-ui", "--master", "local-cluster[2,1]", "--verbose");
        await cli.WaitForLineAsync(IsBatch, "the first batch");
        var executors = ExecutorsOf(cli);
        Assert.Equal(2, executors.Count);

        // The signal reaches every process of the group: the executors (first, the worse order) and the driver.
        executors.ForEach(executor => Signal(executor, signal));
        Signal(cli.Id, signal);

        Assert.True(await cli.WaitForExitAsync() == 0, cli.Describe());
        Assert.DoesNotContain(cli.Error, line => line.Contains("lost", StringComparison.Ordinal) || line.Contains($"exit code {exitCodeOfTheSignal}", StringComparison.Ordinal));
        Assert.Equal(2, ExecutorsOf(cli).Count); // none started in place of another
        foreach (var executor in executors)
        {
            await EndedAsync(executor);
        }
    }

    [Fact]
    public Task AKilledDriver_TakesItsExecutorsWithIt_AndARestartFromItsCheckpointGoesOn()
        => KillDriverAndRestartAsync([], "after=1 crash=3 the=1");

    [Fact]
    public Task AKilledDriverWithAWindow_RestartsWithTheWindowKeptOnItsNewExecutors()
        => KillDriverAndRestartAsync(["--window", "60s"], "after=1 be=2 crash=3 is=1 not=1 or=1 question=1 that=1 the=2 to=2");

    /// <summary>
    /// Kills with SIGKILL a word count on <c>local-cluster[2,1]</c> once a file's batch is out; a file arrives while it
    /// is down; the restart from the checkpoint prints <paramref name="expected"/> for the batch that counts it. Batches
    /// of a second: the restart first catches up on the batches of the time it was down, and with 200 ms batches and
    /// a window, on a machine busy with other tests, it fell further behind instead, so its graceful stop (which runs
    /// every batch due) outlasted the wait for it.
    /// </summary>
    private async Task KillDriverAndRestartAsync(string[] extra, string expected)
    {
        var input = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        var staging = Directory.CreateDirectory(Path.Combine(_root, "staging")).FullName;
        void Arrive(string name, string[] lines)
        {
            File.WriteAllLines(Path.Combine(staging, name), lines);
            File.Move(Path.Combine(staging, name), Path.Combine(input, name));
        }

        // --debug, not just --verbose: should a task fail on an executor, its stack there is in what a failure prints.
        string[] args = ["wordcount", "--dir", input, "--checkpoint", Path.Combine(_root, "checkpoint"), "--batch", "1s", "--json", "--top", "100", "--no-ui", "--master", "local-cluster[2,1]", "--debug", .. extra];
        using (var first = ChildProcess.Sluice(args))
        {
            await first.WaitForLineAsync(IsBatch, "the first batch");
            Arrive("before.txt", Files[0]);
            await first.WaitForLineAsync(line => IsBatch(line) && Records(line) == Files[0].Length, "the batch of the file before the crash");
            var executors = ExecutorsOf(first);
            Assert.Equal(2, executors.Count);

            try
            {
                first.Signal("KILL"); // the driver alone: its executors must notice
                await first.WaitForExitAsync();
                foreach (var executor in executors)
                {
                    await EndedAsync(executor);
                }
            }
            finally
            {
                executors.ForEach(KillIfRunning); // orphans no longer in the driver's tree, should one outlive the test
            }
        }

        Arrive("during.txt", ["after the crash", "crash crash"]);
        using var second = ChildProcess.Sluice(args);
        var batch = await second.WaitForLineAsync(line => IsBatch(line) && Counts(line).Contains("crash=3", StringComparison.Ordinal), "the batch of the file that came while the driver was down");
        Assert.Equal(expected, Counts(batch));
        second.Signal("TERM");
        Assert.True(await second.WaitForExitAsync() == 0, second.Describe());
    }

    [Fact]
    public async Task AWordCountOverASocket_GivesWhatLocalGives()
    {
        Assert.Equal(await CountSocketAsync("local[2]"), await CountSocketAsync("local-cluster[2,1]"));
    }

    /// <summary>Each file's batch, as word=count pairs: a file arrives once the stream runs and the batch of the one before it has been printed.</summary>
    private async Task<List<string>> CountFilesAsync(string master, IReadOnlyDictionary<string, string>? environment = null, Func<ChildProcess, Task>? started = null, Action<ChildProcess>? afterFirstFile = null)
    {
        var input = Directory.CreateDirectory(Path.Combine(_root, $"in-{Guid.NewGuid():N}")).FullName;
        var staging = Directory.CreateDirectory(Path.Combine(_root, $"staging-{Guid.NewGuid():N}")).FullName;
        using var cli = ChildProcess.Sluice(environment ?? new Dictionary<string, string>(), "wordcount", "--dir", input, "--batch", "200ms", "--json", "--top", "100", "--no-ui", "--master", master);
        if (started is not null)
        {
            await started(cli);
        }

        await cli.WaitForLineAsync(IsBatch, $"the first batch on {master}"); // files there before the stream started are not new
        var batches = new List<string>();
        for (var i = 0; i < Files.Length; i++)
        {
            var name = $"{i}.txt";
            await File.WriteAllLinesAsync(Path.Combine(staging, name), Files[i]);
            File.Move(Path.Combine(staging, name), Path.Combine(input, name));
            var lines = Files[i].Length;
            batches.Add(Counts(await cli.WaitForLineAsync(line => line.StartsWith('{') && Records(line) == lines, $"the batch of file {i} on {master}")));
            if (i == 0)
            {
                afterFirstFile?.Invoke(cli);
            }
        }

        cli.Signal("TERM");
        Assert.True(await cli.WaitForExitAsync() == 0, cli.Describe());
        return batches;
    }

    /// <summary>Every word's count over the run: lines sent over a socket fall into batches as they arrive.</summary>
    private static async Task<Dictionary<string, long>> CountSocketAsync(string master)
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var cli = ChildProcess.Sluice("wordcount", "--host", "127.0.0.1", "--port", port, "--batch", "200ms", "--json", "--top", "100", "--no-ui", "--master", master);
        using (var client = await server.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60)))
        await using (var writer = new StreamWriter(client.GetStream()))
        {
            foreach (var line in Files.SelectMany(lines => lines))
            {
                await writer.WriteLineAsync(line);
            }
        }

        var total = Files.Sum(lines => lines.Length);
        await cli.WaitForLineAsync(_ => cli.Output.Where(IsBatch).Sum(Records) >= total, $"the batches of all {total} lines on {master}");
        var counts = new Dictionary<string, long>();
        foreach (var word in cli.Output.Where(IsBatch).SelectMany(batch => JsonDocument.Parse(batch).RootElement.GetProperty("top").EnumerateArray()))
        {
            var text = word.GetProperty("word").GetString()!;
            counts[text] = counts.GetValueOrDefault(text) + word.GetProperty("count").GetInt64();
        }

        cli.Signal("TERM");
        Assert.True(await cli.WaitForExitAsync() == 0, cli.Describe());
        return counts;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Started executor process executor-\d+ \(pid (\d+)\)")]
    private static partial System.Text.RegularExpressions.Regex ExecutorStarted();

    private static List<int> ExecutorsOf(ChildProcess driver)
        => [.. driver.Error.Select(line => ExecutorStarted().Match(line)).Where(match => match.Success).Select(match => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    private static void Signal(int id, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits until process <paramref name="id"/> has ended (gone, or a zombie no one has reaped), failing after a minute.</summary>
    private static async Task EndedAsync(int id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (File.Exists($"/proc/{id}/stat") && !File.ReadAllText($"/proc/{id}/stat").Split(") ")[^1].StartsWith('Z'))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Executor process {id} still runs a minute after its driver was killed.");
            await Task.Delay(100);
        }
    }

    /// <summary>The processes <paramref name="id"/> started and that still run: a local-cluster driver's executors.</summary>
    private static List<int> ChildrenOf(int id)
        => [.. Directory.EnumerateDirectories($"/proc/{id}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(child => int.Parse(child, System.Globalization.CultureInfo.InvariantCulture))];

    private static void KillIfRunning(int id)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(id);
            process.Kill();
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            // It has ended.
        }
    }

    private static bool IsBatch(string line) => line.StartsWith('{');

    private static long Records(string json) => JsonDocument.Parse(json).RootElement.GetProperty("records").GetInt64();

    private static string Counts(string json)
        => string.Join(' ', JsonDocument.Parse(json).RootElement.GetProperty("top").EnumerateArray().Select(word => $"{word.GetProperty("word").GetString()}={word.GetProperty("count").GetInt64()}").Order(StringComparer.Ordinal));
}
