using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Sluice.Datasets;
using Sluice.ML;
using Sluice.Testing;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>kmeans</c> and <c>regression</c>: streaming k-means (k = 10 over 16-dimensional points) and streaming linear
/// regression with SGD (16 features, 10 steps a batch) on <c>local[N]</c>, against a hand-written single-threaded loop
/// doing the same assignment and update (the same gradient steps) over the same points, in the same process; beside
/// it, the loop on as many threads as the engine has (the machine's ceiling), and least squares' loop Spark's way.
/// Batches run on a manual clock, so only training is timed; the points are in memory on every side; the sides take
/// turns, batch by batch, the first of each turn rotating, and all train untimed batches first.
/// </summary>
internal static class LearningHarness
{
    private const int Dimensions = 16;

    public static async Task<int> RunAsync(string algorithm, string[] args)
    {
        var options = new HarnessArgs(args, ["--batches", "--parallelism", "--points", "--warm-up"]);
        var points = options.GetInt("--points", algorithm == "kmeans" ? 400_000 : 200_000); // per batch
        var batches = options.GetInt("--batches", 10);
        // Batches untimed on every side, so that tiered compilation has settled: the engine's per-partition functions run
        // twice a batch and are fully optimized only after 30 calls; with 10 warm-up batches they were timed half-compiled.
        var warmUp = options.GetInt("--warm-up", 40);
        var parallelism = options.GetInt("--parallelism", 2);
        // Three batches' points, taken in turn: the data of every batch at once would make the collector's work, not training, the measure.
        var distinct = Enumerable.Range(0, 3).Select(batch => algorithm == "kmeans" ? LearningData.Points(batch, points, Dimensions, 10) : LearningData.Labeled(batch, points, Dimensions)).ToList();
        var data = Enumerable.Range(0, batches + warmUp).Select(batch => distinct[batch % 3]).ToList();
        Console.WriteLine($"{algorithm}: {points:N0} points of {Dimensions} dimensions per batch, {batches} timed batches after {warmUp}, local[{parallelism}]");
        Console.WriteLine("| pipeline | median ms per batch | points/s | ratio to yardstick |");
        Console.WriteLine("|---|---|---|---|");
        var isKMeans = algorithm == "kmeans";
        (string Name, Action<double[][]> Train)[] yardsticks = isKMeans
            ? [("hand-written loop, one thread", new KMeansYardstick(10, Dimensions).Train), ($"hand-written loop, {parallelism} threads", new KMeansYardstick(10, Dimensions, parallelism).Train)]
            : [("hand-written loop, one thread, sums of products", new RegressionYardstick(Dimensions, bySums: true).Train), ($"hand-written loop, {parallelism} threads, sums of products", new RegressionYardstick(Dimensions, bySums: true, parallelism).Train), ("hand-written loop, one thread, a pass per step", new RegressionYardstick(Dimensions, bySums: false).Train)];
        using var engine = Engine(isKMeans, data, parallelism);

        // Every side trains batch i before any trains batch i + 1, so a busy moment of the machine falls on all of
        // them alike; who goes first turns with each batch, so no side always follows the engine's threads winding down.
        var sides = yardsticks.Length + 1;
        var samples = Enumerable.Range(0, sides).Select(_ => new List<double>()).ToArray();
        for (var batch = 0; batch < data.Count; batch++)
        {
            for (var turn = 0; turn < sides; turn++)
            {
                var side = (batch + turn) % sides;
                var watch = Stopwatch.StartNew();
                if (side < yardsticks.Length)
                {
                    yardsticks[side].Train(data[batch]);
                }
                else
                {
                    await engine.RunBatchesAsync(1);
                }

                samples[side].Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        var medians = samples.Select(side => Median(side.Skip(warmUp))).ToArray();
        for (var side = 0; side < yardsticks.Length; side++)
        {
            Print(yardsticks[side].Name, medians[side], points, medians[0]);
        }

        Print($"Sluice Streaming{(isKMeans ? "KMeans" : "LinearRegressionWithSgd")}", medians[^1], points, medians[0]);
        return 0;
    }

    private static void Print(string name, double medianMs, int points, double yardstickMs)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {medianMs:F1} | {points / (medianMs / 1000) / 1e6:F2}M | {yardstickMs / medianMs:F2} |"));

    /// <summary>The engine's side, started: a queue of the batches' points, trained on by the algorithm, a batch per clock tick.</summary>
    private static StreamingTestContext Engine(bool isKMeans, List<double[][]> data, int parallelism)
    {
        var test = new StreamingTestContext(TimeSpan.FromSeconds(1), $"local[{parallelism}]");
        var sc = test.Context.SluiceContext;
        if (isKMeans)
        {
            var vectors = data.Distinct().ToDictionary(batch => batch, batch => batch.Select(point => Vectors.Dense(point)).ToList());
            var queue = new ConcurrentQueue<Rdd<Vector>>(data.Select(batch => sc.Parallelize(vectors[batch], parallelism)));
            var kmeans = new StreamingKMeans { K = 10 }.SetRandomCenters(Dimensions, weight: 0, seed: 1);
            kmeans.TrainOn(test.Context.QueueStream(queue));
        }
        else
        {
            var labeled = data.Distinct().ToDictionary(batch => batch, batch => batch.Select(row => new LabeledPoint(row[^1], Vectors.Dense(row[..^1]))).ToList());
            var queue = new ConcurrentQueue<Rdd<LabeledPoint>>(data.Select(batch => sc.Parallelize(labeled[batch], parallelism)));
            var regression = new StreamingLinearRegressionWithSgd { StepSize = 0.5, NumIterations = 10, ConvergenceTolerance = 0 };
            regression.SetInitialWeights(Vectors.Zeros(Dimensions));
            regression.TrainOn(test.Context.QueueStream(queue));
        }

        return test;
    }

    private static double Median(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
