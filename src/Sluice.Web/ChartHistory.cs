namespace Sluice.Web;

/// <summary>One dashboard chart's recent batches: each batch's value per series, the latest 300 batches, in batch order.</summary>
internal sealed class ChartHistory(string title, string unit)
{
    private const int Batches = 300;
    private readonly Lock _gate = new();
    private readonly List<string> _series = [];
    private readonly SortedList<DateTimeOffset, Dictionary<string, double>> _batches = [];

    public void Add(DateTimeOffset batchTime, IEnumerable<KeyValuePair<string, double>> values)
    {
        lock (_gate)
        {
            if (!_batches.TryGetValue(batchTime, out var batch))
            {
                _batches[batchTime] = batch = new Dictionary<string, double>(StringComparer.Ordinal);
            }

            foreach (var (series, value) in values)
            {
                if (!_series.Contains(series))
                {
                    _series.Add(series);
                }

                batch[series] = value;
            }

            while (_batches.Count > Batches)
            {
                _batches.RemoveAt(0);
            }
        }
    }

    public DashboardChart Snapshot()
    {
        lock (_gate)
        {
            return new DashboardChart(
                title,
                unit,
                [.. _series],
                [.. _batches.Keys],
                [.. _series.Select(series => (IReadOnlyList<double?>)[.. _batches.Values.Select(batch => batch.TryGetValue(series, out var value) && double.IsFinite(value) ? value : (double?)null)])]);
        }
    }
}
