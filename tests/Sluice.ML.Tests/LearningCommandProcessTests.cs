using System.Globalization;
using System.Text.Json;
using Sluice.TestSupport;

namespace Sluice.ML.Tests;

/// <summary>
/// <c>sluice kmeans</c> and <c>sluice regression</c> as processes over a directory's new files: a JSON line per batch
/// with the model, lines that are not points reported with a count and skipped; killed and started again on its
/// checkpoint, k-means goes on from the model it had.
/// </summary>
[Trait("Category", "Process")]
public sealed class LearningCommandProcessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-learning-").FullName;
    private int _files;

    private string Input => Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task KMeans_PrintsTheModelAfterEachBatch_SkipsWhatIsNotAVector_AndGoesOnFromItsCheckpointAfterAKill()
    {
        var checkpoint = Path.Combine(_root, "checkpoint");
        string[] Start() => ["kmeans", "--k", "1", "--dimensions", "2", "--dir", Input, "--checkpoint", checkpoint, "--batch", "200ms", "--json", "--master", "local[2]", "--no-ui"];
        using (var first = ChildProcess.Sluice(Start()))
        {
            await first.WaitForLineAsync(line => line.StartsWith('{'), "its first batch"); // started: files from now on are new
            Arrive("[1.0,2.0]", "3,4", "[1,x]", "1,2,3", "", "(2,[0],[5.0])");
            var model = await ModelAsync(first, points: 3);
            Assert.Equal(3, model.GetProperty("weights")[0].GetDouble());
            Assert.Equal([3.0, 2.0], Center(model));
            Assert.Contains(first.Error, line => line.Contains("2 line(s) were not vectors and were skipped; the first: '[1,x]' is not a vector", StringComparison.Ordinal));
            first.Kill();
        }

        using var second = ChildProcess.Sluice(Start());
        await second.WaitForLineAsync(line => line.StartsWith('{'), "its first batch after the restart");
        Arrive("[7,6]");
        var resumed = await ModelAsync(second, points: 1);

        Assert.Equal(4, resumed.GetProperty("weights")[0].GetDouble());
        Assert.Equal([4.0, 3.0], Center(resumed));
    }

    [Fact]
    public async Task Regression_PrintsTheWeightsAfterEachBatch_WithTheBatchsErrorBeforeIt()
    {
        using var cli = ChildProcess.Sluice("regression", "--features", "1", "--intercept", "--step-size", "0.5", "--dir", Input, "--batch", "200ms", "--json", "--master", "local[2]", "--no-ui");
        await cli.WaitForLineAsync(line => line.StartsWith('{'), "its first batch");
        var random = new Random(8);
        Arrive([.. Enumerable.Range(0, 200).Select(_ => random.NextDouble() * 4 - 2).Select(x => string.Create(CultureInfo.InvariantCulture, $"{(2 * x) + 1},{x}"))]);

        var model = await ModelAsync(cli, points: 200);

        Assert.True(model.GetProperty("meanSquaredError").GetDouble() > 1, "the error is of the weights before the batch: zeros");
        Assert.Equal(1, model.GetProperty("weights").GetArrayLength());
        Assert.InRange(model.GetProperty("weights")[0].GetDouble(), 1.0, 2.5);
        Assert.InRange(model.GetProperty("intercept").GetDouble(), 0.2, 1.5);
    }

    private void Arrive(params string[] lines)
    {
        var staging = Directory.CreateDirectory(Path.Combine(_root, "staging")).FullName;
        var name = $"{_files++}.txt";
        File.WriteAllLines(Path.Combine(staging, name), lines);
        File.Move(Path.Combine(staging, name), Path.Combine(Input, name));
    }

    private static async Task<JsonElement> ModelAsync(ChildProcess cli, int points)
        => JsonDocument.Parse(await cli.WaitForLineAsync(line => line.StartsWith('{') && JsonDocument.Parse(line).RootElement.GetProperty("points").GetInt64() == points, $"a batch of {points} points")).RootElement;

    private static double[] Center(JsonElement model) => [.. model.GetProperty("centers")[0].EnumerateArray().Select(value => Math.Round(value.GetDouble(), 9))];
}
