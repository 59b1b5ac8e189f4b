using System.CommandLine;
using Sluice.Cli.Learning;
using Sluice.ML;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice kmeans --k K --dimensions D</c>: streaming k-means over any text source of the word count, a vector per
/// line (<c>[1.0,2.0]</c> or <c>1.0,2.0</c>), printing the model after each batch.
/// </summary>
internal static class KMeansCommand
{
    public static Command Create(TextWriter output, Logging.CliLogging logging, CliStorage storage, CliTelemetry telemetry)
    {
        var k = CliOptions.Positive("--k", "How many clusters", defaultValue: null, maximum: 10_000, required: true);
        var dimensions = CliOptions.Positive("--dimensions", "How many values each point has", defaultValue: null, maximum: 1_000_000, required: true);
        var decay = LearningOptions.Fraction("--decay", "How much the past counts after each batch (or point, with --time-unit points): 1 keeps all of it, 0 only the last batch", 1.0);
        var halfLife = LearningOptions.PositiveNumber("--half-life", "Instead of --decay: after this many batches (or points) the past counts half");
        var timeUnit = new Option<KMeansTimeUnit>("--time-unit") { Description = "What --decay and --half-life count in: batches or points.", DefaultValueFactory = _ => KMeansTimeUnit.Batches };
        var seed = new Option<int>("--seed") { Description = "The random seed of the initial centers.", DefaultValueFactory = _ => 42 };
        var sources = new TextSourceOptions();
        var run = new RunOptions(logging, storage, telemetry, linesOutput: (parsed, lines, writer, json, dashboard) =>
        {
            var kmeans = new StreamingKMeans { K = parsed.GetValue(k) };
            _ = parsed.GetResult(halfLife) is null ? kmeans.SetDecayFactor(parsed.GetValue(decay), parsed.GetValue(timeUnit)) : kmeans.SetHalfLife(parsed.GetValue(halfLife), parsed.GetValue(timeUnit));
            Train(kmeans.SetRandomCenters(parsed.GetValue(dimensions), weight: 0, parsed.GetValue(seed)), lines, parsed.GetValue(dimensions), new ModelReport(lines.Context, writer, json, dashboard), parsed.InvocationConfiguration.Error);
        });
        var command = new Command("kmeans", "Streaming k-means: clusters the vectors of a TCP socket, a directory, Kafka, ... a line each ([1.0,2.0] or 1.0,2.0), printing the centers after each batch.")
        {
            k, dimensions, decay, halfLife, timeUnit, seed,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(decay) is not null && result.GetResult(halfLife) is not null)
            {
                result.AddError("Give --decay or --half-life, not both: each sets how fast the past fades.");
            }
        });
        sources.AddTo(command, run);
        run.AddTo(command);
        command.SetAction(async (parsed, _) => await run.CreateAndRunAsync(parsed, output, sources.Create(parsed, run)!).ConfigureAwait(false));
        return command;
    }

    /// <summary>Trains <paramref name="kmeans"/> on the vectors of <paramref name="lines"/>, reporting the model after each batch.</summary>
    public static void Train(StreamingKMeans kmeans, Streams.DStream<string> lines, int dimensions, ModelReport report, TextWriter error)
    {
        kmeans.Trained += report.KMeans;
        kmeans.TrainOn(PointLines.Vectors(lines, dimensions, error));
    }
}
