using System.CommandLine;
using Sluice.Cli.Learning;
using Sluice.ML;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice regression --features N</c>: streaming linear (or, with <c>--logistic</c>, logistic) regression with SGD
/// over any text source of the word count, a labeled point per line (<c>(y,[x1,x2])</c> or <c>y,x1,x2</c>), printing
/// the weights after each batch.
/// </summary>
internal static class RegressionCommand
{
    public static Command Create(TextWriter output, Logging.CliLogging logging, CliStorage storage, CliTelemetry telemetry)
    {
        var features = CliOptions.Positive("--features", "How many features each point has (the values after the label)", defaultValue: null, maximum: 1_000_000, required: true);
        var logistic = new Option<bool>("--logistic") { Description = "Logistic regression (labels 0 and 1) instead of linear." };
        var stepSize = LearningOptions.PositiveNumber("--step-size", "The step of each batch's first gradient step (iteration i takes step/√i)", 0.1);
        var iterations = CliOptions.Positive("--iterations", "Gradient steps per batch", 50, maximum: 10_000);
        var fraction = LearningOptions.Fraction("--mini-batch-fraction", "The fraction of a batch each step samples", 1.0);
        var regularization = LearningOptions.Fraction("--reg-param", "L2 regularization", 0.0, maximum: double.MaxValue);
        var intercept = new Option<bool>("--intercept") { Description = "Fit an intercept (a constant term)." };
        var sources = new TextSourceOptions();
        var run = new RunOptions(logging, storage, telemetry, linesOutput: (parsed, lines, writer, json, dashboard) =>
        {
            var report = new ModelReport(lines.Context, writer, json, dashboard);
            var points = PointLines.LabeledPoints(lines, parsed.GetValue(features), parsed.InvocationConfiguration.Error);
            if (parsed.GetValue(logistic))
            {
                Train(new StreamingLogisticRegressionWithSgd(), "misclassified");
            }
            else
            {
                Train(new StreamingLinearRegressionWithSgd(), "meanSquaredError");
            }

            void Train<TModel>(StreamingLinearAlgorithm<TModel> model, string errorName)
                where TModel : LinearModel
            {
                model.StepSize = parsed.GetValue(stepSize);
                model.NumIterations = parsed.GetValue(iterations);
                model.MiniBatchFraction = parsed.GetValue(fraction);
                model.RegParam = parsed.GetValue(regularization);
                model.Intercept = parsed.GetValue(intercept);
                model.SetInitialWeights(Vectors.Zeros(parsed.GetValue(features)));
                model.Trained += (time, error, count, trained) => report.Regression(time, error, count, trained, errorName);
                model.TrainOn(points);
            }
        });
        var command = new Command("regression", "Streaming linear or logistic regression with SGD over the labeled points of a TCP socket, a directory, Kafka, ... a line each ((y,[x1,x2]) or y,x1,x2), printing the weights after each batch.")
        {
            features, logistic, stepSize, iterations, fraction, regularization, intercept,
        };
        sources.AddTo(command, run);
        run.AddTo(command);
        command.SetAction(async (parsed, _) => await run.CreateAndRunAsync(parsed, output, sources.Create(parsed, run)!).ConfigureAwait(false));
        return command;
    }
}
