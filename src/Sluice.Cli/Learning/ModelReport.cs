using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.ML;
using Sluice.Web;

namespace Sluice.Cli.Learning;

/// <summary>
/// A trained model after each batch, as <c>sluice kmeans</c> and <c>sluice regression</c> print it: in Spark's print
/// layout (a header with the batch time), or a JSON line; and on the web UI's dashboard, as a table of the model and
/// charts of its quality and its parameters over the recent batches.
/// </summary>
internal sealed class ModelReport(StreamingContext context, TextWriter output, bool json, bool dashboard)
{
    private static readonly JsonSerializerOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void KMeans(DateTimeOffset time, double cost, long points, KMeansModel model)
    {
        var centers = model.ClusterCenters.Select(center => center.ToArray()).ToList();
        Write(
            time,
            new { batchTime = WordCountJson.BatchTime(time), points, cost = Finite(cost), centers, weights = model.ClusterWeights },
            $"{points} points, cost {Number(cost)}",
            [.. centers.Select((center, i) => $"cluster {i}: {Vectors.Dense(center)} weight {Number(model.ClusterWeights[i])}")]);
        Show("K-means centers", time, centers.Select((center, i) => (i, Vectors.Dense(center).ToString(), Number(model.ClusterWeights[i]))));
        Plot("K-means cost per point", time, [new("cost per point", points == 0 ? double.NaN : cost / points)]);
        Plot("K-means centers (first two dimensions)", time, centers.Take(10).SelectMany((center, i) => center.Take(2).Select((value, j) => new KeyValuePair<string, double>($"center {i} [{j}]", value))));
    }

    public void Regression(DateTimeOffset time, double error, long points, LinearModel model, string errorName)
    {
        var weights = model.Weights.ToArray();
        Write(
            time,
            new Dictionary<string, object?> { ["batchTime"] = WordCountJson.BatchTime(time), ["points"] = points, [errorName] = Finite(error), ["weights"] = weights, ["intercept"] = model.Intercept },
            $"{points} points, {errorName} before this batch {Number(error)}",
            [$"weights {model.Weights}, intercept {Number(model.Intercept)}"]);
        Show("Regression weights", time, weights.Select((weight, i) => ($"w{i}", Number(weight))).Append(("intercept", Number(model.Intercept))));
        Plot($"Regression {errorName} per batch", time, [new(errorName, error)]);
        Plot("Regression weights over the batches", time, weights.Take(10).Select((weight, i) => new KeyValuePair<string, double>($"w{i}", weight)).Append(new("intercept", model.Intercept)));
    }

    private void Write(DateTimeOffset time, object line, string summary, IReadOnlyList<string> details)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(line, s_json));
            return;
        }

        var text = new StringBuilder();
        text.AppendLine("-------------------------------------------");
        text.AppendLine(CultureInfo.InvariantCulture, $"Time: {time.ToUnixTimeMilliseconds()} ms");
        text.AppendLine("-------------------------------------------");
        text.AppendLine(summary);
        foreach (var detail in details)
        {
            text.AppendLine(detail);
        }

        output.WriteLine(text.ToString());
    }

    private void Show<T>(string title, DateTimeOffset time, IEnumerable<T> rows)
    {
        if (dashboard)
        {
            var table = rows.ToList();
            context.SluiceContext.Parallelize(table, 1).ToDashboard(context, title, time, table.Count);
        }
    }

    private void Plot(string title, DateTimeOffset time, IEnumerable<KeyValuePair<string, double>> values)
    {
        if (dashboard)
        {
            context.PlotOnDashboard(title, time, values);
        }
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
