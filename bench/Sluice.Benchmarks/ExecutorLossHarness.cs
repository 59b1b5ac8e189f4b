using System.Diagnostics;
using System.Reflection;
using Sluice.Cluster.Membership;
using Sluice.TestSupport;

namespace Sluice.Benchmarks;

/// <summary>
/// How long a driver takes to know an executor is gone: a <c>sluice executor</c> process registers with a driver in
/// this process and is killed with SIGKILL; the time from the kill to the driver's <c>ExecutorLost</c>, for each
/// of a few rounds, with the failure detector's settings (docs/adr/0006).
/// </summary>
internal static class ExecutorLossHarness
{
    private const string Secret = "bench-secret";

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = new HarnessArgs(args).GetInt("--rounds", 5);
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
        return 0;
    }
}
