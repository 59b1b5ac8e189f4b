using System.Collections.Concurrent;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.ML.Tests;

/// <summary>
/// Models are state: an application stopped abruptly after any batch and recovered with GetOrCreate ends with the very
/// model an uninterrupted run ends with, for streaming k-means and streaming regression alike.
/// </summary>
public sealed class ModelRecoveryTests
{
    private const int Batches = 12;

    public static TheoryData<string, int> Stops => new() { { "kmeans", 1 }, { "kmeans", 7 }, { "regression", 4 }, { "regression", 10 } };

    [Theory]
    [MemberData(nameof(Stops))]
    public async Task StoppedAfterABatch_AndRecovered_EndsWithTheModelOfAnUninterruptedRun(string algorithm, int stopAfter)
    {
        var directory = Directory.CreateTempSubdirectory("sluice-ml-recovery-").FullName;
        try
        {
            string expected;
            DateTimeOffset end;
            using (var uninterrupted = new StreamingTestContext())
            {
                end = uninterrupted.Clock.GetUtcNow().AddSeconds(Batches);
                uninterrupted.Context.Checkpoint(Path.Combine(directory, "uninterrupted"));
                var model = Build(uninterrupted.Context, algorithm);
                await RunUntilAsync(uninterrupted, end);
                expected = model();
            }

            var checkpoint = Path.Combine(directory, "run");
            DateTimeOffset stoppedAt;
            using (var first = new StreamingTestContext())
            {
                Build(StreamingContext.GetOrCreate(checkpoint, () => first.Context), algorithm);
                await RunUntilAsync(first, first.Clock.GetUtcNow().AddSeconds(stopAfter));
                stoppedAt = first.Clock.GetUtcNow();
            } // an immediate stop

            using var second = new StreamingTestContext();
            Func<string>? recovered = null;
            StreamingContext.GetOrCreate(checkpoint, () =>
            {
                recovered = Build(second.Context, algorithm);
                return second.Context;
            });
            second.Clock.SetUtcNow(stoppedAt);
            await RunUntilAsync(second, end);

            Assert.Equal(expected, recovered!());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The model trained on data that is a pure function of the batch time; returns a reader of the latest model as text.</summary>
    private static Func<string> Build(StreamingContext context, string algorithm)
    {
        var sc = context.SluiceContext;
        var seconds = context.QueueStream(new ConcurrentQueue<Rdd<int>>(), oneAtATime: true, sc.EmptyRdd<int>())
            .Transform((_, time) => sc.Parallelize([(int)time.ToUnixTimeSeconds()], 1));
        if (algorithm == "kmeans")
        {
            var kmeans = new StreamingKMeans { K = 2 }.SetHalfLife(3).SetRandomCenters(dimensions: 2, weight: 0, seed: 3);
            kmeans.TrainOn(seconds.FlatMap(second => GeneratedData.Clusters([[0, 0], [4, 4]], 1, 50, 0.5, second)[0].Select(pair => pair.Point)));
            return () => $"{string.Join(" ", kmeans.LatestModel.ClusterCenters)} {string.Join(",", kmeans.LatestModel.ClusterWeights)}";
        }

        var regression = new StreamingLinearRegressionWithSgd { StepSize = 0.3, NumIterations = 10, Intercept = true };
        regression.SetInitialWeights(Vectors.Zeros(2));
        regression.TrainOn(seconds.FlatMap(second => GeneratedData.Linear([1.0, -2.0], 0.5, 1, 50, 0.1, second)[0]));
        return () => $"{regression.LatestModel.Weights} {regression.LatestModel.Intercept}";
    }

    private static async Task RunUntilAsync(StreamingTestContext test, DateTimeOffset until)
    {
        while (test.Clock.GetUtcNow() < until)
        {
            await test.RunBatchesAsync(1);
        }
    }
}
