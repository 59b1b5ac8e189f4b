using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Web.Tests;

/// <summary>ToDashboard's tables through the REST API, and the UI's files.</summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task ToDashboard_ShowsTheLatestBatchsFirstRows_WithTupleFieldsAsColumns()
    {
        using var test = new StreamingTestContext(configure: options => options.AppName = "dashboard");
        var words = test.Input<string>([["a", "b", "a"], ["c", "c", "c", "b"]]);
        words.Map(word => (word, 1)).ReduceByKey((x, y) => x + y).Transform(rdd => rdd.SortBy(pair => pair.Item2, ascending: false)).ToDashboard("Top words", rows: 2);
        words.ForeachRdd((rdd, time) => rdd.ToDashboard(test.Context, "Lines", time, rows: 1));
        var ui = SluiceWebUi.Start(test.Context, new WebUiOptions { Port = 0 });
        using var http = new HttpClient { BaseAddress = ui.Address };

        await test.RunBatchesAsync(2);

        var tables = (await http.GetFromJsonAsync<JsonElement[]>("api/v1/applications/dashboard/streaming/dashboards"))!;
        Assert.Equal(["Top words", "Lines"], tables.Select(table => table.GetProperty("title").GetString()));
        var top = tables[0];
        Assert.Equal(test.CompletedBatches[^1].BatchTime, top.GetProperty("batchTime").GetDateTimeOffset());
        Assert.Equal([["c", "3"], ["b", "1"]], top.GetProperty("rows").EnumerateArray().Select(row => row.EnumerateArray().Select(cell => cell.GetString()).ToArray()));
        Assert.Equal([["c"]], tables[1].GetProperty("rows").EnumerateArray().Select(row => row.EnumerateArray().Select(cell => cell.GetString()).ToArray()));
    }

    [Fact]
    public async Task PlotOnDashboard_KeepsEachSeriesValuePerBatch_WithGapsWhereABatchGaveNone()
    {
        using var test = new StreamingTestContext(configure: options => options.AppName = "charts");
        var numbers = test.Input<int>([[1, 2], [3], [4, 5, 6]]);
        numbers.ForeachRdd((rdd, time) =>
        {
            var values = rdd.Collect();
            test.Context.PlotOnDashboard("Sums", time, values.Length == 1 ? [new("sum", values.Sum())] : [new("sum", values.Sum()), new("count", values.Length), new("nan", double.NaN)], "units");
        });
        var ui = SluiceWebUi.Start(test.Context, new WebUiOptions { Port = 0 });
        using var http = new HttpClient { BaseAddress = ui.Address };

        await test.RunBatchesAsync(3);

        var chart = Assert.Single((await http.GetFromJsonAsync<JsonElement[]>("api/v1/applications/charts/streaming/dashboards/charts"))!);
        Assert.Equal("Sums", chart.GetProperty("title").GetString());
        Assert.Equal("units", chart.GetProperty("unit").GetString());
        Assert.Equal(["sum", "count", "nan"], chart.GetProperty("series").EnumerateArray().Select(name => name.GetString()));
        Assert.Equal(test.CompletedBatches.Select(batch => batch.BatchTime), chart.GetProperty("batchTimes").EnumerateArray().Select(time => time.GetDateTimeOffset()));
        var values = chart.GetProperty("values").EnumerateArray().Select(series => series.EnumerateArray().Select(value => value.ValueKind == JsonValueKind.Null ? (double?)null : value.GetDouble()).ToArray()).ToArray();
        Assert.Equal([3.0, 3.0, 15.0], values[0]);
        Assert.Equal([2.0, null, 3.0], values[1]);
        Assert.Equal([null, null, null], values[2]);
    }

    [Fact]
    public async Task ThePageAndItsScripts_AreServed_WithUPlotFromTheBuild()
    {
        using var test = new StreamingTestContext();
        var ui = SluiceWebUi.Start(test.Context, new WebUiOptions { Port = 0 });
        using var http = new HttpClient { BaseAddress = ui.Address };

        Assert.Contains("<script src=\"/ui/app.js\"></script>", await http.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        var uplot = await http.GetAsync(new Uri("/ui/uPlot.iife.min.js", UriKind.Relative));
        Assert.Equal("text/javascript; charset=utf-8", uplot.Content.Headers.ContentType?.ToString());
        Assert.Contains("uPlot", await uplot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/ui/missing.js", UriKind.Relative))).StatusCode);
    }
}
