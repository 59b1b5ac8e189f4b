using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Sluice.Web;

/// <summary>The dashboard tables of one streaming context, newest result per title, in the order the titles first appeared; and its charts, the recent batches' values per title.</summary>
internal sealed class DashboardBoard
{
    private static readonly ConditionalWeakTable<StreamingContext, DashboardBoard> s_boards = [];
    private readonly ConcurrentDictionary<string, (int Order, DashboardTable Table)> _tables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Order, ChartHistory Chart)> _charts = new(StringComparer.Ordinal);
    private int _next;

    public static DashboardBoard For(StreamingContext context) => s_boards.GetValue(context, _ => new DashboardBoard());

    public IReadOnlyList<DashboardTable> Tables => [.. _tables.Values.OrderBy(entry => entry.Order).Select(entry => entry.Table)];

    public IReadOnlyList<DashboardChart> Charts => [.. _charts.Values.OrderBy(entry => entry.Order).Select(entry => entry.Chart.Snapshot())];

    /// <summary>Adds a batch's values to the chart <paramref name="title"/>, made on its first values.</summary>
    public void Plot(string title, string unit, DateTimeOffset batchTime, IEnumerable<KeyValuePair<string, double>> values)
        => _charts.GetOrAdd(title, _ => (Interlocked.Increment(ref _next), new ChartHistory(title, unit))).Chart.Add(batchTime, values);

    /// <summary>Shows <paramref name="records"/> under <paramref name="title"/>, unless a newer batch's are shown already.</summary>
    public void Show<T>(string title, DateTimeOffset batchTime, IEnumerable<T> records)
    {
        var table = new DashboardTable(title, batchTime, [.. records.Select(Cells)]);
        _tables.AddOrUpdate(
            title,
            _ => (Interlocked.Increment(ref _next), table),
            (_, shown) => shown.Table.BatchTime > batchTime ? shown : (shown.Order, table));
    }

    private static IReadOnlyList<string> Cells<T>(T record)
        => record is ITuple tuple
            ? [.. Enumerable.Range(0, tuple.Length).Select(i => Cell(tuple[i]))]
            : [Cell(record)];

    private static string Cell(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
