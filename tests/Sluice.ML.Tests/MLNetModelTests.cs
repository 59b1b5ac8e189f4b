using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Sluice.ML.Net;
using Sluice.Testing;

namespace Sluice.ML.Tests;

/// <summary>
/// An ML.NET model trained offline and saved as a .zip scores every batch of a stream; a model saved anew is used
/// from the next batch on; a missing file and types the model does not fit are refused when the stream is defined.
/// </summary>
public sealed class MLNetModelTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-mlnet-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AModelSavedOffline_ScoresEveryBatch_AndAModelSavedAnew_IsUsedFromTheNextBatch()
    {
        var path = Path.Combine(_directory, "model.zip");
        SaveModel(path, slope: 2, intercept: 1);
        using var test = new StreamingTestContext();
        var inputs = test.Input<Input>([[new Input { X = 1 }, new Input { X = 3 }], [new Input { X = 5 }], [new Input { X = 2 }]]);
        var predictions = test.Collect(inputs.PredictWithModel<Input, Prediction>(path).Map(prediction => prediction.Score));

        await test.RunBatchesAsync(2);
        SaveModel(path, slope: -1, intercept: 0);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        await test.RunBatchesAsync(1);

        var scores = predictions.ByTime.Select(batch => batch.Records.Select(score => Math.Round(score, 1)).ToArray()).ToArray();
        Assert.Equal([3.0, 7.0], scores[0]);
        Assert.Equal([11.0], scores[1]);
        Assert.Equal([-2.0], scores[2]);
    }

    [Fact]
    public void AMissingModel_AndTypesTheModelDoesNotFit_AreRefusedWhenTheStreamIsDefined()
    {
        var path = Path.Combine(_directory, "model.zip");
        SaveModel(path, slope: 2, intercept: 1);
        using var test = new StreamingTestContext();
        var inputs = test.Input<Input>([[new Input { X = 1 }]]);

        var missing = Assert.Throws<FileNotFoundException>(() => inputs.PredictWithModel<Input, Prediction>(Path.Combine(_directory, "none.zip")));
        var mismatch = Assert.Throws<ArgumentException>(() => inputs.Map(input => new OtherInput()).PredictWithModel<OtherInput, Prediction>(path));

        Assert.Contains("none.zip' does not exist on", missing.Message, StringComparison.Ordinal);
        Assert.Contains("does not fit OtherInput -> Prediction", mismatch.Message, StringComparison.Ordinal);
    }

    /// <summary>Fits y = slope·x + intercept with ML.NET's SDCA on exact points, and saves it.</summary>
    private static void SaveModel(string path, float slope, float intercept)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 1000).Select(i => new Input { X = i % 10, Y = (slope * (i % 10)) + intercept }));
        var model = ml.Transforms.Concatenate("Features", nameof(Input.X))
            .Append(ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { LabelColumnName = nameof(Input.Y), MaximumNumberOfIterations = 100, NumberOfThreads = 1 }))
            .Fit(data);
        ml.Model.Save(model, data.Schema, path);
    }

    public sealed class Input
    {
        public float X { get; set; }

        public float Y { get; set; }
    }

    public sealed class OtherInput
    {
        public string Text { get; set; } = "";
    }

    public sealed class Prediction
    {
        [ColumnName("Score")]
        public float Score { get; set; }
    }
}
