namespace Sluice.Web;

/// <summary>A chart on the dashboard: named series of values over the recent batches (a model's cost per batch, its weights).</summary>
/// <param name="Title">The chart's title.</param>
/// <param name="Unit">What the values are in, for the axis; empty when they have no unit.</param>
/// <param name="Series">The series' names, in the order they first appeared.</param>
/// <param name="BatchTimes">The batches plotted, oldest first (at most the latest 300).</param>
/// <param name="Values">Per series, its value at each batch; <see langword="null"/> where a batch did not give one.</param>
public sealed record DashboardChart(string Title, string Unit, IReadOnlyList<string> Series, IReadOnlyList<DateTimeOffset> BatchTimes, IReadOnlyList<IReadOnlyList<double?>> Values);
