using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Datasets;

namespace Sluice.Benchmarks;

/// <summary>
/// The driver against many executors, simulated: <c>local-executors[N,1]</c> puts N executors in this process, each
/// with its own shuffle outputs, reached through bytes, their tasks trivial, so what is measured is the driver's
/// side of a cluster (scheduling, stage binaries read once per executor, map-output tracking, results through
/// bytes). For each executor count and partition count: a narrow job (one stage of P tasks) and a shuffle job (P map
/// tasks, min(P, 200) reduce tasks, as Spark's default of 200 shuffle partitions), median of the rounds, against
/// the same jobs in the same run on <c>local[2]</c> (no executors, shared memory) and <c>local-serialized[2]</c> (the
/// same bytes path, no executors): the yardsticks.
/// </summary>
internal static class ScaleHarness
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = new HarnessArgs(args, ["--executors", "--partitions", "--rounds"]);
        var rounds = options.GetInt("--rounds", 5);
        var executorCounts = options.GetInts("--executors", [2, 10, 50, 100]);
        var partitionCounts = options.GetInts("--partitions", [10, 100, 1000, 10000]);
        Console.WriteLine($"Scheduling against simulated executors: median of {rounds} rounds, ms per job; tasks/s = tasks of the job / its time");
        Console.WriteLine("| master | partitions | narrow job ms | tasks/s | shuffle job ms (P maps, min(P,200) reduces) | tasks/s |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var master in new[] { "local[2]", "local-serialized[2]" }.Concat(executorCounts.Select(count => $"local-executors[{count},1]")))
        {
            using var context = new SluiceContext(new SluiceOptions { Master = master, LoggerFactory = NullLoggerFactory.Instance });
            foreach (var partitions in partitionCounts)
            {
                var reduces = Math.Min(partitions, 200);
                var narrow = Median(rounds, () => context.Parallelize(Enumerable.Range(0, partitions), partitions).Map(x => x + 1).Count());
                var shuffle = Median(rounds, () => context.Parallelize(Enumerable.Range(0, partitions), partitions).Map(x => (x % 1000, 1)).ReduceByKey((a, b) => a + b, reduces).Count());
                Console.WriteLine($"| {master} | {partitions} | {narrow:F1} | {partitions / narrow * 1000:F0} | {shuffle:F1} | {(partitions + reduces) / shuffle * 1000:F0} |");
            }
        }

        return Task.FromResult(0);
    }

    /// <summary>The median time of <paramref name="job"/> in ms, after one untimed run.</summary>
    private static double Median(int rounds, Func<long> job)
    {
        job(); // warm-up
        return Medians.Of(rounds, _ =>
        {
            var watch = Stopwatch.StartNew();
            job();
            return watch.Elapsed.TotalMilliseconds;
        });
    }
}
