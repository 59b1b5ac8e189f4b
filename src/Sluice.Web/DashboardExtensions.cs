using Sluice.Datasets;
using Sluice.Streams;

namespace Sluice.Web;

/// <summary>Output to the web UI's results dashboard: the latest batch's first rows as a live table.</summary>
public static class DashboardExtensions
{
    /// <summary>
    /// An output operation that shows each batch's first <paramref name="rows"/> records (in the dataset's order;
    /// sort first for a top N) as the table <paramref name="title"/> on the web UI's dashboard. A tuple's fields
    /// are the table's columns.
    /// </summary>
    /// <param name="stream">The stream to show.</param>
    /// <param name="title">The table's title, unique per context.</param>
    /// <param name="rows">How many records to show. Default 10.</param>
    public static void ToDashboard<T>(this DStream<T> stream, string title, int rows = 10)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var board = DashboardBoard.For(stream.Context);
        stream.ForeachBatch((rdd, batch) => board.Show(title, batch.Time, rdd.Take(rows)), "toDashboard");
    }

    /// <summary>Shows a dataset's first <paramref name="rows"/> records as the table <paramref name="title"/> on <paramref name="context"/>'s dashboard, for use inside <c>ForeachRdd</c>.</summary>
    /// <param name="rdd">The batch's dataset.</param>
    /// <param name="context">The streaming context whose UI shows it.</param>
    /// <param name="title">The table's title.</param>
    /// <param name="batchTime">The batch's time, shown with the table.</param>
    /// <param name="rows">How many records to show. Default 10.</param>
    public static void ToDashboard<T>(this Rdd<T> rdd, StreamingContext context, string title, DateTimeOffset batchTime, int rows = 10)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        DashboardBoard.For(context).Show(title, batchTime, rdd.Take(rows));
    }

    /// <summary>
    /// Plots a batch's <paramref name="values"/> (series name and value) on the chart <paramref name="title"/> of
    /// <paramref name="context"/>'s dashboard, which shows the latest 300 batches: a model's cost or error per batch,
    /// its weights, a center's coordinates. Call it on the driver, in <c>ForeachRdd</c> or a model's <c>Trained</c> event.
    /// </summary>
    /// <param name="context">The streaming context whose UI shows it.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="batchTime">The batch the values are of.</param>
    /// <param name="values">Each series' value; a value that is not finite leaves a gap.</param>
    /// <param name="unit">What the values are in, for the axis.</param>
    public static void PlotOnDashboard(this StreamingContext context, string title, DateTimeOffset batchTime, IEnumerable<KeyValuePair<string, double>> values, string unit = "")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(unit);
        DashboardBoard.For(context).Plot(title, unit, batchTime, values);
    }
}
