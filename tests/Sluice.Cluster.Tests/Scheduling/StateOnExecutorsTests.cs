using System.Diagnostics;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Cluster.Tests.Scheduling;

/// <summary>
/// Stateful operators on executor processes: each state partition is kept on one executor, batch after batch, and
/// gives what <c>local[2]</c> gives; an executor lost between batches takes its partitions with it, and they are
/// rebuilt from the newest saved version and the batches since.
/// </summary>
[Trait("Category", "Process")]
public sealed class StateOnExecutorsTests : IDisposable
{
    private static readonly string[][] Words =
        [["a b", "c a"], ["b b"], ["d"], [], ["a c", "e"], ["b"], ["c c d"], ["a"], ["e e"], ["b d"], [], ["a b c d e"]];

    private readonly string _checkpoints = Directory.CreateTempSubdirectory("sluice-cluster-state-").FullName;
    private readonly KillSignals _signals = new(holding: false);

    [Fact]
    public async Task UpdateStateByKey_MapWithState_AndAnInverseWindow_GiveWhatLocalGives_BatchByBatch()
    {
        var local = await RunAsync("local[2]", Words.Length);
        var distributed = await RunAsync("local-cluster[2,1]", Words.Length);

        AssertSameOutputs(local, distributed);
    }

    [Fact]
    public async Task EachStatePartition_StaysOnOneExecutor_AndBothExecutorsHoldSome()
    {
        var run = await RunAsync("local-cluster[2,1]", Words.Length);

        // MapWithState's function says which process ran it: a key's partition runs in the same one every batch.
        var processesByKey = run.Processes.GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Select(pair => pair.Process).Distinct().ToArray());
        Assert.All(processesByKey, pair => Assert.Single(pair.Value));
        Assert.DoesNotContain(Environment.ProcessId, processesByKey.Values.Select(processes => processes[0]));

        // Three operators of three partitions each, spread over the two executors.
        Assert.Equal([4, 5], run.Executors.Select(executor => executor.StatePartitions).Order());
    }

    [Fact]
    public async Task AnExecutorKilledBetweenBatches_LosesNoState_LaterBatchesGiveWhatLocalGives()
    {
        var local = await RunAsync("local[2]", Words.Length);
        var distributed = await RunAsync("local-cluster[2,1]", Words.Length, killAfter: 7);

        AssertSameOutputs(local, distributed);
    }

    [Fact]
    public async Task AnExecutorKilledWhileItsStatePartitionRuns_LosesNoState_LaterBatchesGiveWhatLocalGives()
    {
        var local = await RunAsync("local[2]", Words.Length);
        var distributed = await RunAsync("local-cluster[2,1]", Words.Length, killDuring: 8);

        AssertSameOutputs(local, distributed);
    }

    public void Dispose()
    {
        Directory.Delete(_checkpoints, recursive: true);
        _signals.Dispose();
    }

    /// <summary>
    /// Runs the three stateful operators over <see cref="Words"/>, their state saved every 2 batches; after batch
    /// <paramref name="killAfter"/>, kills with SIGKILL the executor process that ran the first key's state partition,
    /// or, in batch <paramref name="killDuring"/>, the one running MapWithState's function, while it runs.
    /// </summary>
    private async Task<Outputs> RunAsync(string master, int batches, int? killAfter = null, int? killDuring = null)
    {
        var signals = _signals.Directory;
        using var test = new StreamingTestContext(master: master);
        test.Context.Checkpoint(Path.Combine(_checkpoints, Guid.NewGuid().ToString("N")));
        var pairs = test.Input(Words).FlatMap(line => line.Split(' ')).Map(word => (word, 1));

        var totals = test.Collect(pairs
            .UpdateStateByKey<string, int, int>((values, state) => new Optional<int>(state.GetValueOrDefault(0) + values.Sum()), partitions: 3)
            .Checkpoint(TimeSpan.FromSeconds(2)));
        var spec = StateSpec.Function<string, int, int, (string Key, int Count, int Process)>((key, value, state) =>
        {
            if (state.IsTimingOut)
            {
                return (key, -state.Get(), Environment.ProcessId);
            }

            KillSignals.HoldHere(signals);

            state.Update(state.GetOption().GetValueOrDefault(0) + value.Value);
            return (key, state.Get(), Environment.ProcessId);
        }).Timeout(TimeSpan.FromSeconds(3)).NumPartitions(3);
        var sessions = test.Collect(pairs.MapWithState(spec).Checkpoint(TimeSpan.FromSeconds(2)));
        var windows = test.Collect(pairs.ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), partitions: 3)
            .Checkpoint(TimeSpan.FromSeconds(2)));

        if (killAfter is { } first)
        {
            await test.RunBatchesAsync(first);
            var victim = sessions.All.First().Process;
            using (var process = Process.GetProcessById(victim))
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            await WaitForLossAsync(test.Context);
            await test.RunBatchesAsync(batches - first);
        }
        else if (killDuring is { } during)
        {
            await test.RunBatchesAsync(during - 1);
            _signals.Hold();
            var batch = test.RunBatchesAsync(1);
            var victim = await _signals.RunningProcessAsync(batch);
            using (var process = Process.GetProcessById(victim))
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            _signals.Go();
            await batch;
            await test.RunBatchesAsync(batches - during);
        }
        else
        {
            await test.RunBatchesAsync(batches);
        }

        return new Outputs(
            [.. totals.Batches.Select(batch => string.Join(" ", batch.Order()))],
            [.. sessions.Batches.Select(batch => string.Join(" ", batch.Select(session => $"{session.Key}={session.Count}").Order()))],
            [.. windows.Batches.Select(batch => string.Join(" ", batch.Order()))],
            [.. sessions.All.Select(session => (session.Key, session.Process))],
            test.Context.SluiceContext.GetExecutorInfos());
    }

    private static void AssertSameOutputs(Outputs expected, Outputs actual)
    {
        Assert.Equal(expected.Totals, actual.Totals);
        Assert.Equal(expected.Sessions, actual.Sessions);
        Assert.Equal(expected.Windows, actual.Windows);
    }

    private static async Task WaitForLossAsync(StreamingContext context)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!context.SluiceContext.GetExecutorInfos().Any(executor => !executor.IsActive))
        {
            Assert.True(DateTime.UtcNow < deadline, "The driver did not find the killed executor lost within 60 s.");
            await Task.Delay(20);
        }
    }

    private sealed record Outputs(string[] Totals, string[] Sessions, string[] Windows, (string Key, int Process)[] Processes, IReadOnlyList<ExecutorInfo> Executors);
}
