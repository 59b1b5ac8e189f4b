using System.Diagnostics;
using System.Reflection;
using Sluice.Cluster.Membership;
using Sluice.Datasets;
using Sluice.TestSupport;

namespace Sluice.Benchmarks;

/// <summary>
/// How long a driver takes to know an executor is gone: a <c>sluice executor</c> process registers with a driver in
/// this process and is killed with SIGKILL; the time from the kill to the driver's <c>ExecutorLost</c>, for each
/// of a few rounds, with the failure detector's settings (docs/adr/0006). Then, on <c>local-cluster[2,1]</c>, the time
/// from killing the executor that runs a reduce task to the job's completion on the other executor, the lost map
/// outputs computed again.
/// </summary>
internal static class ExecutorLossHarness
{
    private const string Secret = "bench-secret";

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = new HarnessArgs(args, ["--rounds"]).GetInt("--rounds", 5);
        var commandLine = Assembly.Load("Sluice.Cli");
        var cli = Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll");
        var times = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            await using var driver = await ClusterDriver.StartAsync(new ClusterDriverOptions { Secret = Secret, Application = commandLine });
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            driver.ExecutorRegistered += _ => registered.TrySetResult();
            driver.ExecutorLost += (_, _) => lost.TrySetResult();
            using var executor = ChildProcess.Start("dotnet", [cli, "executor", "--driver", driver.Address, "--slots", "1"], environment: new Dictionary<string, string> { ["SLUICE_CLUSTER_SECRET"] = Secret });
            await registered.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var watch = Stopwatch.StartNew();
            executor.Kill();
            await lost.Task.WaitAsync(TimeSpan.FromSeconds(60));
            times.Add(watch.Elapsed.TotalSeconds);
        }

        times.Sort();
        Console.WriteLine($"Executor loss: kill -9 to ExecutorLost on the driver, heartbeat every 1 s, acceptable pause 3 s, {rounds} rounds");
        Console.WriteLine($"| min s | median s | max s |");
        Console.WriteLine($"|---|---|---|");
        Console.WriteLine($"| {times[0]:F2} | {times[times.Count / 2]:F2} | {times[^1]:F2} |");

        var jobs = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            jobs.Add(await KillDuringAJobAsync());
        }

        jobs.Sort();
        Console.WriteLine($"Job on local-cluster[2,1]: kill -9 of the executor running a reduce task to the job's completion, {rounds} rounds");
        Console.WriteLine($"| min s | median s | max s |");
        Console.WriteLine($"|---|---|---|");
        Console.WriteLine($"| {jobs[0]:F2} | {jobs[jobs.Count / 2]:F2} | {jobs[^1]:F2} |");
        return 0;
    }

    /// <summary>A word count whose reduce tasks wait for a signal file; the first one's process is killed, then the signal given.</summary>
    private static async Task<double> KillDuringAJobAsync()
    {
        using var signals = new KillSignals();
        var directory = signals.Directory;
        using var context = new SluiceContext(new SluiceOptions { Master = "local-cluster[2,1]", AppName = "executor-loss-bench" });
        var words = Enumerable.Range(0, 10_000).Select(n => $"w{n % 37} w{n % 11}").ToArray();
        var job = Task.Run(() => context.Parallelize(words, 4)
            .FlatMap(line => line.Split(' ')).Map(word => (word, 1)).ReduceByKey((a, b) => a + b, 4)
            .MapPartitions(counts =>
            {
                KillSignals.HoldHere(directory);
                return counts;
            })
            .Collect());
        using var victim = Process.GetProcessById(await signals.RunningProcessAsync(job));
        var watch = Stopwatch.StartNew();
        victim.Kill();
        signals.Go();
        await job.WaitAsync(TimeSpan.FromSeconds(120));
        return watch.Elapsed.TotalSeconds;
    }
}
