using System.Diagnostics;
using System.Globalization;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>checkpoint</c>: what checkpointing costs. MapWithState over 1,000,000 keys with throughput-bound batches
/// (200,000 and 2,000,000 updates), saving state every 10 batches against never saving it (metadata only); a stateless batch with
/// and without a checkpoint directory (the metadata checkpoint per batch); and the time a restarted application
/// takes to read the state back and complete its first batch.
/// </summary>
internal static class CheckpointHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--batches", "--keys", "--pairs", "--updates"]);
        var keys = options.GetInt("--keys", 1_000_000);
        var batches = options.GetInt("--batches", 30);
        var pairs = options.GetInt("--pairs", 3);
        foreach (var updates in options.GetInts("--updates", [200_000, 2_000_000]))
        {
            await SaveCostAsync(keys, updates, batches, pairs);
        }

        Console.WriteLine();
        Console.WriteLine("| stateless batch (count of 1,000 records) | median µs | p90 µs |");
        Console.WriteLine("|---|---|---|");
        foreach (var checkpoint in new[] { false, true })
        {
            var samples = await StatelessAsync(checkpoint, 500);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(checkpoint ? "with a checkpoint directory" : "without")} | {samples[samples.Length / 2].TotalMicroseconds:F0} | {samples[samples.Length * 9 / 10].TotalMicroseconds:F0} |"));
        }

        await RestartAsync(keys);
        return 0;
    }

    /// <summary>
    /// Never saving against saving every 10 batches, in alternating pairs (this machine's speed drifts by more than
    /// the difference measured), after one untimed warm-up run; the cost is the median over the pairs.
    /// </summary>
    private static async Task SaveCostAsync(int keys, int updates, int batches, int pairs)
    {
        Console.WriteLine();
        Console.WriteLine($"MapWithState, {keys:N0} keys, {updates:N0} updates per batch, mean of {batches} batches");
        Console.WriteLine("| pair | never saved (metadata only): ms per batch, CPU ms per batch | saved every 10 batches: ms per batch, CPU ms per batch | cost in time | cost in CPU |");
        Console.WriteLine("|---|---|---|---|---|");
        await StatefulAsync(keys, updates, batches, 0); // warms the process up
        var costs = new List<double>();
        var cpuCosts = new List<double>();
        var neverCpu = new List<double>();
        for (var pair = 1; pair <= pairs; pair++)
        {
            var never = await StatefulAsync(keys, updates, batches, 0);
            var saved = await StatefulAsync(keys, updates, batches, 10);
            costs.Add((saved.WallMs / never.WallMs) - 1);
            cpuCosts.Add((saved.CpuMs / never.CpuMs) - 1);
            neverCpu.Add(never.CpuMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {pair} | {never.WallMs:F1}, {never.CpuMs:F1} | {saved.WallMs:F1}, {saved.CpuMs:F1} | {costs[^1]:P1} | {cpuCosts[^1]:P1} |"));
        }

        costs.Sort();
        cpuCosts.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Median cost of saving every 10 batches: {costs[costs.Count / 2]:P1} of throughput (time per batch), {cpuCosts[cpuCosts.Count / 2]:P1} in CPU time per batch."));
        neverCpu.Sort();
        var (saveCpu, saveWall) = await StateSaveTimer.MeasureAsync(keys, 12);
        var (unverifiedCpu, unverifiedWall) = await StateSaveTimer.MeasureAsync(keys, 12, verify: false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"One save of {keys:N0} keys on its own: {saveCpu:F1} ms CPU ({saveWall:F1} ms wall), against {10 * neverCpu[neverCpu.Count / 2]:F0} ms CPU for 10 batches never saved: {saveCpu / (10 * neverCpu[neverCpu.Count / 2]):P1}. Without reading the files back: {unverifiedCpu:F1} ms CPU ({unverifiedWall:F1} ms wall)."));
    }

    /// <summary>
    /// Counts per key over <paramref name="keys"/> keys, all present from the start. Each batch's updates are
    /// generated inside the batch from one seed per 10,000 (so millions of updates per batch need no memory up
    /// front); the generation costs the same whether state is saved or not.
    /// </summary>
    private static MapWithStateDStream<long, long, long, long> Counts(StreamingTestContext test, int keys, int updates, int batches)
    {
        const int PerSeed = 10_000;
        var seeds = Enumerable.Range(0, batches).Select(batch => Enumerable.Range(batch * (updates / PerSeed), updates / PerSeed).Select(seed => (long)seed));
        var spec = StateSpec.Function<long, long, long, long>((key, value, state) =>
        {
            var total = state.GetOption().GetValueOrDefault(0) + value.Value;
            state.Update(total);
            return total;
        }).InitialState(test.Context.SluiceContext.Parallelize(Enumerable.Range(0, keys).Select(key => ((long)key, 0L)), 2));
        return test.Input(seeds)
            .FlatMap(seed => Enumerable.Range(0, PerSeed).Select(i => ((long)(Mix((ulong)((seed * PerSeed) + i)) % (ulong)keys), 1L)))
            .MapWithState(spec);
    }

    /// <summary>SplitMix64's finalizer: spreads consecutive numbers over the keys like random draws.</summary>
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    /// <summary>The mean time per timed batch, and the process's CPU time over them per batch (less disturbed by other virtual machines on the host).</summary>
    private static async Task<(double WallMs, double CpuMs)> StatefulAsync(int keys, int updates, int batches, int saveEvery)
    {
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(1), "local[2]");
        using var checkpoint = BatchTimer.Checkpoint(test);
        // Untimed until three saves are written (batches 10, 20, 30): from then on each save overwrites the files
        // of a save that retention deleted, the steady state of a long run.
        const int WarmUp = 32;
        var counts = Counts(test, keys, updates, batches + WarmUp);
        counts.Checkpoint(TimeSpan.FromSeconds(saveEvery == 0 ? 100_000 : saveEvery));
        counts.ForeachRdd(rdd => rdd.Count());
        await test.RunBatchesAsync(WarmUp);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var samples = await BatchTimer.TimeAsync(test, 0, batches);
        return (samples.Average(sample => sample.TotalMilliseconds), (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / batches);
    }

    private static async Task<TimeSpan[]> StatelessAsync(bool checkpoint, int batches)
    {
        using var test = new StreamingTestContext(TimeSpan.FromMilliseconds(100), "local[2]");
        using var directory = checkpoint ? BatchTimer.Checkpoint(test) : null;
        test.Input(Enumerable.Range(0, batches + 50).Select(_ => Enumerable.Range(0, 1_000))).ForeachRdd(rdd => rdd.Count());
        return await BatchTimer.TimeAsync(test, 50, batches);
    }

    /// <summary>Saves 1M keys, then times a new context's GetOrCreate (reading the state) and its first batch.</summary>
    private static async Task RestartAsync(int keys)
    {
        var directory = Directory.CreateTempSubdirectory("sluice-bench-restart-").FullName;
        try
        {
            using (var first = new StreamingTestContext(TimeSpan.FromSeconds(1), "local[2]"))
            {
                StreamingContext.GetOrCreate(directory, () =>
                {
                    Counts(first, keys, 1_000, 5).ForeachRdd(rdd => rdd.Count());
                    return first.Context;
                });
                await first.RunBatchesAsync(3);
                first.Context.Stop(stopGracefully: true); // saves the state of all 1M keys
            }

            using var second = new StreamingTestContext(TimeSpan.FromSeconds(1), "local[2]");
            var watch = Stopwatch.StartNew();
            StreamingContext.GetOrCreate(directory, () =>
            {
                Counts(second, keys, 1_000, 5).ForeachRdd(rdd => rdd.Count());
                return second.Context;
            });
            var restored = watch.Elapsed;
            second.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 1, 0, 0, 3, TimeSpan.Zero));
            await second.RunBatchesAsync(1);
            var bytes = Directory.EnumerateFiles(directory, "state-*").Sum(file => new FileInfo(file).Length); // the second context may be renaming metadata
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Restart with {keys:N0} keys of state ({bytes / 1e6:F1} MB of state files): state read in {restored.TotalMilliseconds:F0} ms, first batch completed {watch.Elapsed.TotalMilliseconds:F0} ms after GetOrCreate began."));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
