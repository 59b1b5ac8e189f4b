using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Sluice.Datasets;
using Sluice.ML;
using Sluice.Testing;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>kmeans</c> and <c>regression</c>: streaming k-means (k = 10 over 16-dimensional points) and streaming linear
/// regression with SGD (16 features, 10 steps a batch) on <c>local[N]</c>, against a hand-written single-threaded loop
/// doing the same assignment and update (the same gradient steps) over the same points, in the same process. Batches
/// run on a manual clock, so only training is timed; the points are in memory on both sides; both sides train untimed
/// batches first.
/// </summary>
internal static class LearningHarness
{
    private const int Dimensions = 16;
    private static double s_batchErrors;

    public static async Task<int> RunAsync(string algorithm, string[] args)
    {
        var options = new HarnessArgs(args);
        var points = options.GetInt("--points", algorithm == "kmeans" ? 400_000 : 200_000); // per batch
        var batches = options.GetInt("--batches", 10);
        var warmUp = options.GetInt("--warm-up", 10); // batches untimed on both sides, so tiered compilation has settled
        var parallelism = options.GetInt("--parallelism", 2);
        // Three batches' points, taken in turn: the data of every batch at once would make the collector's work, not training, the measure.
        var distinct = Enumerable.Range(0, 3).Select(batch => algorithm == "kmeans" ? LearningData.Points(batch, points, Dimensions, 10) : LearningData.Labeled(batch, points, Dimensions)).ToList();
        var data = Enumerable.Range(0, batches + warmUp).Select(batch => distinct[batch % 3]).ToList();
        Console.WriteLine($"{algorithm}: {points:N0} points of {Dimensions} dimensions per batch, {batches} timed batches after {warmUp}, local[{parallelism}]");
        Console.WriteLine("| pipeline | median ms per batch | points/s | ratio to yardstick |");
        Console.WriteLine("|---|---|---|---|");
        var yardstick = algorithm == "kmeans" ? KMeansLoop(data, warmUp) : RegressionLoop(data, warmUp);
        Print("hand-written loop, one thread", yardstick, points, yardstick);
        Print($"Sluice Streaming{(algorithm == "kmeans" ? "KMeans" : "LinearRegressionWithSgd")}", await EngineAsync(algorithm, data, parallelism, warmUp), points, yardstick);
        return 0;
    }

    private static void Print(string name, double medianMs, int points, double yardstickMs)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {medianMs:F1} | {points / (medianMs / 1000) / 1e6:F2}M | {yardstickMs / medianMs:F2} |"));

    private static async Task<double> EngineAsync(string algorithm, List<double[][]> data, int parallelism, int warmUp)
    {
        using var test = new StreamingTestContext(TimeSpan.FromSeconds(1), $"local[{parallelism}]");
        var sc = test.Context.SluiceContext;
        if (algorithm == "kmeans")
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

        var samples = await BatchTimer.TimeAsync(test, warmUp, data.Count - warmUp);
        return samples[samples.Length / 2].TotalMilliseconds;
    }

    /// <summary>One thread: each point to its nearest center, summed per center; then Spark's update of the centers (decay 1).</summary>
    private static double KMeansLoop(List<double[][]> data, int warmUp)
    {
        var random = new Random(1);
        var centers = Enumerable.Range(0, 10).Select(_ => Enumerable.Range(0, Dimensions).Select(_ => random.NextDouble()).ToArray()).ToArray();
        var weights = new double[10];
        var samples = new List<double>();
        foreach (var batch in data)
        {
            var watch = Stopwatch.StartNew();
            var sums = Enumerable.Range(0, 10).Select(_ => new double[Dimensions]).ToArray();
            var counts = new long[10];
            foreach (var point in batch)
            {
                var (best, bestDistance) = (0, double.MaxValue);
                for (var c = 0; c < centers.Length; c++)
                {
                    var distance = TensorPrimitives.Distance(point, centers[c]);
                    if (distance < bestDistance)
                    {
                        (best, bestDistance) = (c, distance);
                    }
                }

                TensorPrimitives.Add(sums[best], point, sums[best]);
                counts[best]++;
            }

            for (var c = 0; c < centers.Length; c++)
            {
                if (counts[c] > 0)
                {
                    weights[c] += counts[c];
                    var lambda = counts[c] / weights[c];
                    TensorPrimitives.Multiply(centers[c], 1 - lambda, centers[c]);
                    TensorPrimitives.MultiplyAdd(sums[c], lambda / counts[c], centers[c], centers[c]);
                }
            }

            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return Median(samples.Skip(warmUp));
    }

    /// <summary>One thread: per batch, the batch's error, then 10 full-batch least-squares gradient steps of size 0.5/√i.</summary>
    private static double RegressionLoop(List<double[][]> data, int warmUp)
    {
        var weights = new double[Dimensions];
        var samples = new List<double>();
        foreach (var batch in data)
        {
            var watch = Stopwatch.StartNew();
            var error = 0.0;
            foreach (var row in batch)
            {
                var diff = TensorPrimitives.Dot(row.AsSpan(0, Dimensions), weights) - row[Dimensions];
                error += diff * diff;
            }

            for (var iteration = 1; iteration <= 10; iteration++)
            {
                var gradient = new double[Dimensions];
                foreach (var row in batch)
                {
                    var features = row.AsSpan(0, Dimensions);
                    TensorPrimitives.MultiplyAdd(features, TensorPrimitives.Dot(features, weights) - row[Dimensions], gradient, gradient);
                }

                TensorPrimitives.MultiplyAdd(gradient, -0.5 / Math.Sqrt(iteration) / batch.Length, weights, weights);
            }

            samples.Add(watch.Elapsed.TotalMilliseconds);
            s_batchErrors += error; // read, as the engine's batch error is
        }

        return Median(samples.Skip(warmUp));
    }

    private static double Median(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
