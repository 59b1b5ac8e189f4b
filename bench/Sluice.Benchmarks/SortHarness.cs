using System.Diagnostics;
using System.Globalization;
using Sluice.Datasets;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>sort</c>: <c>SortByKey</c> over cached (int, int) pairs, every sorted record read (a checksum over the values
/// in order), into one and two output partitions, with the keys' default order and with a comparer of the user's.
/// The yardstick is the same sort written by hand on one thread: a stable LINQ <c>OrderBy</c> over an array of the
/// pairs, and the same checksum. Engine and yardstick take turns in each round.
/// </summary>
internal static class SortHarness
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--pairs", "--parallelism", "--runs"]);
        var count = options.GetInt("--pairs", 2_000_000);
        var parallelism = options.GetInt("--parallelism", 2);
        var runs = options.GetInt("--runs", 9);
        var random = new Random(7);
        var pairs = Enumerable.Range(0, count).Select(i => (random.Next(count / 2), i)).ToArray();
        var userOrder = Comparer<int>.Create((a, b) => a.CompareTo(b));

        using var sc = new SluiceContext(new SluiceOptions { Master = $"local[{parallelism}]", AppName = "bench-sort" });
        var cached = sc.Parallelize(pairs, parallelism * 2).Cache();
        cached.Count();
        var cases = new (string Name, int Partitions, IComparer<int>? Order)[]
        {
            ("default order", 1, null), ("default order", 2, null), ("a comparer of the user's", 1, userOrder), ("a comparer of the user's", 2, userOrder),
        };

        var loop = new List<double>();
        var engine = cases.Select(_ => new List<double>()).ToArray();
        for (var round = -2; round < runs; round++)
        {
            // Two rounds untimed, so that every method has reached its optimized code.
            var loopSeconds = Time(() => Checksum(pairs.OrderBy(pair => pair.Item1).Select(pair => pair.Item2)));
            var engineSeconds = cases.Select(c => Time(() => cached.SortByKey(partitions: c.Partitions, comparer: c.Order).Values().Collect().Aggregate(0L, Mix))).ToArray();
            if (round >= 0)
            {
                loop.Add(loopSeconds);
                for (var i = 0; i < cases.Length; i++)
                {
                    engine[i].Add(engineSeconds[i]);
                }
            }
        }

        Console.WriteLine($"{count:N0} (int, int) pairs in {parallelism * 2} cached partitions, local[{parallelism}]; medians of {runs} rounds");
        Console.WriteLine("| pipeline | output partitions | median s | pairs/s | ratio to yardstick |");
        Console.WriteLine("|---|---|---|---|---|");
        var yardstick = Medians.Of(loop);
        Print("hand-written stable sort, one thread (yardstick)", 1, yardstick, count, yardstick);
        for (var i = 0; i < cases.Length; i++)
        {
            Print($"Sluice SortByKey, {cases[i].Name}", cases[i].Partitions, Medians.Of(engine[i]), count, yardstick);
        }

        return Task.FromResult(0);
    }

    private static long Checksum(IEnumerable<int> values) => values.Aggregate(0L, Mix);

    /// <summary>An order-sensitive checksum, so that reading the sorted values cannot be skipped or reordered.</summary>
    private static long Mix(long sum, int value) => (sum * 31) + value;

    private static double Time(Func<long> run)
    {
        var watch = Stopwatch.StartNew();
        GC.KeepAlive(run());
        return watch.Elapsed.TotalSeconds;
    }

    private static void Print(string name, int partitions, double seconds, int count, double yardstick)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {partitions} | {seconds:F3} | {count / seconds / 1e6:F2}M | {yardstick / seconds:F2} |"));
}
