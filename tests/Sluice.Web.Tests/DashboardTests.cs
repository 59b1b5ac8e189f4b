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
