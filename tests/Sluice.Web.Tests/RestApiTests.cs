using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Web.Tests;

/// <summary>The REST API over real HTTP on 127.0.0.1, after batches run on a manual clock.</summary>
public sealed class RestApiTests
{
    private static async Task<(StreamingTestContext Test, SluiceWebUi Ui, HttpClient Http)> RunAsync(string appName, int batches)
    {
        var test = new StreamingTestContext(configure: options => options.AppName = appName);
        var words = test.Input<string>(Enumerable.Range(0, batches).Select(batch => Enumerable.Repeat("w", batch + 1)));
        words.Count().Print();
        words.ForeachRdd(rdd => rdd.Collect());
        var ui = SluiceWebUi.Start(test.Context, new WebUiOptions { Port = 0 });
        await test.RunBatchesAsync(batches);
        return (test, ui, new HttpClient { BaseAddress = ui.Address });
    }

    [Fact]
    public async Task Statistics_Batches_OneBatch_AndItsOperations_AreServedInSparksShape()
    {
        var (test, _, http) = await RunAsync("rest-shape", batches: 3);
        using (test)
        using (http)
        {
            var statistics = await http.GetFromJsonAsync<JsonElement>("api/v1/applications/rest-shape/streaming/statistics");
            Assert.Equal(1000, statistics.GetProperty("batchDuration").GetInt64());
            Assert.Equal(3, statistics.GetProperty("numTotalCompletedBatches").GetInt64());
            Assert.Equal(3, statistics.GetProperty("numRetainedCompletedBatches").GetInt32());
            Assert.Equal(0, statistics.GetProperty("numActiveBatches").GetInt32());
            Assert.Equal(0.0, statistics.GetProperty("avgProcessingTime").GetDouble()); // the manual clock stood still

            var batches = await http.GetFromJsonAsync<JsonElement[]>("api/v1/applications/rest-shape/streaming/batches");
            Assert.Equal(3, batches!.Length);
            Assert.All(batches, batch => Assert.Equal("COMPLETED", batch.GetProperty("status").GetString()));
            var ids = batches.Select(batch => batch.GetProperty("batchId").GetInt64()).ToList();
            Assert.Equal(ids.OrderDescending(), ids); // newest first
            Assert.Equal(2, batches[0].GetProperty("numCompletedOutputOps").GetInt32());

            var one = await http.GetFromJsonAsync<JsonElement>($"api/v1/applications/rest-shape/streaming/batches/{ids[^1]}");
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(ids[^1]), one.GetProperty("batchTime").GetDateTimeOffset());
            var operations = (await http.GetFromJsonAsync<JsonElement[]>($"api/v1/applications/rest-shape/streaming/batches/{ids[^1]}/operations"))!;
            Assert.Equal(["print", "foreachRdd"], operations.Select(op => op.GetProperty("name").GetString()));
            Assert.All(operations, op => Assert.Equal(JsonValueKind.Null, op.GetProperty("failureReason").ValueKind));
            Assert.True(operations[1].GetProperty("tasksByExecutor").GetProperty("driver").GetInt32() > 0); // the collect's tasks, on the driver's threads
            var second = await http.GetFromJsonAsync<JsonElement>($"api/v1/applications/rest-shape/streaming/batches/{ids[^1]}/operations/1");
            Assert.Equal("foreachRdd", second.GetProperty("name").GetString());

            Assert.Equal(3, (await http.GetFromJsonAsync<JsonElement[]>("api/v1/applications/rest-shape/streaming/batches?status=completed"))!.Length);
            Assert.Empty((await http.GetFromJsonAsync<JsonElement[]>("api/v1/applications/rest-shape/streaming/batches?status=QUEUED"))!);
        }
    }

    [Fact]
    public async Task Executors_AreServedInSparksShape_TheDriverAloneForALocalMaster()
    {
        var (test, _, http) = await RunAsync("rest-executors", batches: 2);
        using (test)
        using (http)
        {
            var executors = (await http.GetFromJsonAsync<JsonElement[]>("api/v1/applications/rest-executors/executors"))!;

            var driver = Assert.Single(executors);
            Assert.Equal("driver", driver.GetProperty("id").GetString());
            Assert.True(driver.GetProperty("isActive").GetBoolean());
            Assert.Equal(test.Context.SluiceContext.DefaultParallelism, driver.GetProperty("totalCores").GetInt32());
            Assert.Equal(0, driver.GetProperty("activeTasks").GetInt32());
            Assert.True(driver.GetProperty("completedTasks").GetInt64() > 0);
            Assert.Equal(0, driver.GetProperty("failedTasks").GetInt64());
            Assert.Equal(0, driver.GetProperty("statePartitions").GetInt32()); // kept by the driver's own state store, not placed
            Assert.Equal(0, driver.GetProperty("totalShuffleWrite").GetInt64()); // counted for executor processes only
        }
    }

    [Fact]
    public async Task UnknownApplicationsBatchesAndStatuses_AreClearErrors()
    {
        var (test, _, http) = await RunAsync("rest-errors", batches: 1);
        using (test)
        using (http)
        {
            var app = await http.GetAsync(new Uri("api/v1/applications/other/streaming/statistics", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, app.StatusCode);
            Assert.Contains("this one is rest-errors", await app.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            var batch = await http.GetAsync(new Uri("api/v1/applications/rest-errors/streaming/batches/12345", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, batch.StatusCode);
            Assert.Contains("No batch 12345 is retained", await batch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            var status = await http.GetAsync(new Uri("api/v1/applications/rest-errors/streaming/batches?status=DONE", UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);
        }
    }

    [Fact]
    public async Task Metrics_AreServedInPrometheusTextFormat_TaggedWithTheApplication()
    {
        var (test, _, http) = await RunAsync("metrics-app", batches: 3);
        using (test)
        using (http)
        {
            var text = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
            var completed = text.Split('\n').Single(line => line.StartsWith("sluice_batches_completed", StringComparison.Ordinal) && line.Contains("app=\"metrics-app\"", StringComparison.Ordinal));
            Assert.Equal("3", completed.Split(' ')[1]); // name{labels} value [timestamp]
            Assert.Contains("sluice_records_processed", text, StringComparison.Ordinal);
            Assert.Contains("sluice_batches_waiting", text, StringComparison.Ordinal);
            Assert.Contains(text.Split('\n'), line => line.StartsWith("sluice_batch_duration_seconds_count{", StringComparison.Ordinal) && line.Contains("app=\"metrics-app\"", StringComparison.Ordinal));
            Assert.Contains(text.Split('\n'), line => line.StartsWith("sluice_job_duration_seconds_bucket{", StringComparison.Ordinal) && line.Contains("operation=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheUi_StopsWithTheContext()
    {
        var (test, ui, http) = await RunAsync("stops", batches: 1);
        using (http)
        {
            test.Dispose();
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri("api/v1/applications", UriKind.Relative)));
        }
    }
}
