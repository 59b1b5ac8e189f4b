using System.Diagnostics;
using Sluice.Datasets;
using Sluice.TestSupport;

namespace Sluice.Cluster.Tests.Scheduling;

/// <summary>
/// An executor process killed with SIGKILL in the middle of a job: the driver finds it unreachable, runs its tasks on
/// the other executor, runs again the map partitions whose outputs died with it (the reduce tasks' fetch failures
/// say which), starts an executor in its place, and the job gives what it gives uninterrupted.
/// </summary>
[Trait("Category", "Process")]
public sealed class ExecutorLossTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly KillSignals _signals = new();

    [Fact]
    public async Task KillingAnExecutorDuringTheReduceStage_StillGivesEveryCount()
    {
        using var context = new SluiceContext(new SluiceOptions { Master = "local-cluster[2,1]", AppName = "executor-loss-test" });
        var signals = _signals.Directory;
        var words = Enumerable.Range(0, 400).Select(n => $"w{n % 37} w{n % 11}").ToArray();
        var expected = words.SelectMany(line => line.Split(' ')).GroupBy(word => word).Select(group => (group.Key, group.Count())).Order().ToArray();

        // Each reduce task says which process runs it, then waits until the test says go: the test kills the process
        // of the first one, with map outputs on it, while its task runs.
        var job = Task.Run(() => context.Parallelize(words, 4)
            .FlatMap(line => line.Split(' ')).Map(word => (word, 1)).ReduceByKey((a, b) => a + b, 4)
            .MapPartitions(counts =>
            {
                KillSignals.HoldHere(signals);
                return counts;
            })
            .Collect());

        var victim = await _signals.RunningProcessAsync(job);
        using (var process = Process.GetProcessById(victim))
        {
            process.Kill();
        }

        _signals.Go();
        var counts = await job.WaitAsync(Wait);

        Assert.Equal(expected, counts.Order());
        var lost = Assert.Single(context.GetExecutorInfos(), executor => !executor.IsActive);
        Assert.Contains("exited with code 137", lost.LostReason, StringComparison.Ordinal);
        Assert.True(lost.FailedTasks >= 1); // the reduce task it ran when it was killed
    }

    public void Dispose() => _signals.Dispose();
}
