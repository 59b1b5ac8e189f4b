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
        var options = new HarnessArgs(args);
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
        Console.WriteLine("| pair | never saved (metadata only): ms per batch | saved every 10 batches: ms per batch | cost |");
        Console.WriteLine("|---|---|---|---|");
        await StatefulAsync(keys, updates, batches, 0); // warms the process up
        var costs = new List<double>();
        for (var pair = 1; pair <= pairs; pair++)
        {
            var never = (await StatefulAsync(keys, updates, batches, 0)).Average(sample => sample.TotalMilliseconds);
            var saved = (await StatefulAsync(keys, updates, batches, 10)).Average(sample => sample.TotalMilliseconds);
            costs.Add((saved / never) - 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {pair} | {never:F1} | {saved:F1} | {costs[^1]:P1} |"));
        }

        costs.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median cost of saving every 10 batches: {costs[costs.Count / 2]:P1} of throughput."));
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

    private static async Task<TimeSpan[]> StatefulAsync(int keys, int updates, int batches, int saveEvery)
    {
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(1), "local[2]");
        using var checkpoint = BatchTimer.Checkpoint(test);
        var counts = Counts(test, keys, updates, batches + 12);
        counts.Checkpoint(TimeSpan.FromSeconds(saveEvery == 0 ? 100_000 : saveEvery));
        counts.ForeachRdd(rdd => rdd.Count());
        return await BatchTimer.TimeAsync(test, 12, batches);
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
            var bytes = Directory.EnumerateFiles(directory).Sum(file => new FileInfo(file).Length);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Restart with {keys:N0} keys of state ({bytes / 1e6:F1} MB on disk): state read in {restored.TotalMilliseconds:F0} ms, first batch completed {watch.Elapsed.TotalMilliseconds:F0} ms after GetOrCreate began."));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
