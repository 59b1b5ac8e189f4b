using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>windows</c>: ReduceByKeyAndWindow with an inverse over binary (long, long) records from an in-process source,
/// a 30 s window sliding every 1 s batch against the same pipeline with a 1 s window, and a hand-written loop
/// (per-batch dictionary, window dictionary plus and minus) over the same records as the yardstick. Batches run on
/// a manual clock, so only processing is timed.
/// </summary>
internal static class WindowHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--batches", "--keys", "--parallelism", "--records"]);
        var records = options.GetInt("--records", 2_000_000); // per batch
        var keys = options.GetInt("--keys", 100_000);
        var batches = options.GetInt("--batches", 20);
        var parallelism = options.GetInt("--parallelism", 2);
        Console.WriteLine($"{records:N0} records per batch, {keys:N0} distinct keys, {batches} timed batches after the window has filled");
        Console.WriteLine("| pipeline | window | median ms per batch | records/s | ratio to yardstick |");
        Console.WriteLine("|---|---|---|---|---|");
        var yardstick = Yardstick(records, keys, batches, 30);
        Print("hand-written loop", 30, yardstick, records, yardstick);
        Print("Sluice ReduceByKeyAndWindow with inverse", 30, await EngineAsync(records, keys, batches, 30, parallelism), records, yardstick);
        Print("Sluice ReduceByKeyAndWindow with inverse", 1, await EngineAsync(records, keys, batches, 1, parallelism), records, yardstick);
        return 0;
    }

    private static void Print(string name, int window, double medianMs, int records, double yardstickMs)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {window} s | {medianMs:F1} | {records / (medianMs / 1000) / 1e6:F2}M | {yardstickMs / medianMs:F2} |"));

    /// <summary>The records of one batch's partition, the same on both sides: xorshift keys, value 1.</summary>
    private static IEnumerable<(long, long)> Records(int batch, int partition, int count, int keys)
    {
        var state = (ulong)(((long)batch * 1_000_003) + partition + 1) * 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < count; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            yield return ((long)(state % (ulong)keys), 1L);
        }
    }

    private static async Task<double> EngineAsync(int records, int keys, int batches, int windowSeconds, int parallelism)
    {
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(1), $"local[{parallelism}]");
        using var checkpoint = BatchTimer.Checkpoint(test);
        var sc = test.Context.SluiceContext;
        var queue = new ConcurrentQueue<Rdd<(long, long)>>(Enumerable.Range(0, windowSeconds + 5 + batches).Select(batch =>
            sc.Parallelize(Enumerable.Range(0, parallelism), parallelism)
                .FlatMap(partition => Records(batch, partition, records / parallelism, keys))));
        test.Context.QueueStream(queue)
            .ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, TimeSpan.FromSeconds(windowSeconds), TimeSpan.FromSeconds(1), parallelism)
            .ForeachRdd(rdd => rdd.Count());

        // The window fills first, so every timed batch also has a batch leaving.
        var samples = await BatchTimer.TimeAsync(test, windowSeconds + 5, batches);
        return samples[batches / 2].TotalMilliseconds;
    }

    /// <summary>One thread: reduce the batch into a dictionary, add it to the window, subtract the batch leaving, count the window.</summary>
    private static double Yardstick(int records, int keys, int batches, int windowSeconds)
    {
        var window = new Dictionary<long, long>();
        var history = new Queue<Dictionary<long, long>>();
        var samples = new double[batches];
        for (var batch = 0; batch < windowSeconds + 5 + batches; batch++)
        {
            var watch = Stopwatch.StartNew();
            var reduced = new Dictionary<long, long>();
            foreach (var (key, value) in Records(batch, 0, records, keys))
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(reduced, key, out _) += value;
            }

            foreach (var (key, value) in reduced)
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(window, key, out _) += value;
            }

            history.Enqueue(reduced);
            if (history.Count > windowSeconds)
            {
                foreach (var (key, value) in history.Dequeue())
                {
                    if ((window[key] -= value) == 0)
                    {
                        window.Remove(key);
                    }
                }
            }

            GC.KeepAlive(window.Count);
            if (batch >= windowSeconds + 5)
            {
                samples[batch - windowSeconds - 5] = watch.Elapsed.TotalMilliseconds;
            }
        }

        Array.Sort(samples);
        return samples[batches / 2];
    }
}
