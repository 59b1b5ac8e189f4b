using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Web.Api;

/// <summary>
/// The REST API, in the shape of Spark's streaming endpoints under <c>/api/v1/applications/{appId}/streaming</c>:
/// statistics, receivers, batches (with a status filter), one batch, and its output operations; and Sluice's own
/// <c>dashboards</c>, the tables of <see cref="DashboardExtensions.ToDashboard{T}(Streams.DStream{T}, string, int)"/>, and
/// <c>health</c>: the checkpoints' and the inputs' errors. Beside them, as Spark's <c>/applications/{appId}/executors</c>,
/// the executors that run the tasks.
/// </summary>
internal static class StreamingApi
{
    public static void Map(IEndpointRouteBuilder routes, string appName, TimeSpan batchInterval, StreamingStatusStore store, DashboardBoard board, Datasets.SluiceContext datasets)
    {
        routes.MapGet("/api/v1/applications", () => new[] { new { id = appName, name = appName } });
        var application = routes.MapGroup("/api/v1/applications/{appId}").AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetRouteValue("appId") as string == appName
                ? await next(context).ConfigureAwait(false)
                : Results.NotFound(new { message = $"No application {context.HttpContext.GetRouteValue("appId")}; this one is {appName}." }));
        application.MapGet("/executors", () => datasets.GetExecutorInfos().Select(executor => new ExecutorSummary(
            executor.Id, executor.Address, executor.IsActive, executor.Slots, executor.ActiveTasks, executor.CompletedTasks, executor.FailedTasks, executor.LostReason, executor.StatePartitions,
            executor.ShuffleReadBytes, executor.ShuffleWriteBytes, executor.MapOutputs, executor.Receivers, executor.ReceivedBlocks, executor.CachedPartitions)));
        var app = application.MapGroup("/streaming");

        app.MapGet("/statistics", store.Statistics);
        app.MapGet("/health", store.Health);
        app.MapGet("/dashboards", () => board.Tables);
        app.MapGet("/dashboards/charts", () => board.Charts);
        app.MapGet("/receivers", store.Receivers);
        app.MapGet("/receivers/{streamId:int}", (int streamId) => store.Receivers().FirstOrDefault(receiver => receiver.StreamId == streamId) is { } receiver
            ? Results.Ok(receiver)
            : Results.NotFound(new { message = $"No receiver with stream id {streamId}." }));
        app.MapGet("/batches", (string? status) =>
        {
            var batches = store.Batches().Select(entry => ApiMapping.ToStatus(entry.Batch, entry.Status, batchInterval));
            return status is null ? Results.Ok(batches) : status.ToUpperInvariant() is "QUEUED" or "PROCESSING" or "COMPLETED"
                ? Results.Ok(batches.Where(batch => batch.Status == status.ToUpperInvariant()))
                : Results.BadRequest(new { message = $"Unknown status {status}: use QUEUED, PROCESSING or COMPLETED." });
        });
        app.MapGet("/batches/{batchId:long}", (long batchId) => Batch(store, batchId) is { } entry
            ? Results.Ok(ApiMapping.ToStatus(entry.Batch, entry.Status, batchInterval))
            : NoBatch(batchId));
        app.MapGet("/batches/{batchId:long}/operations", (long batchId) => Batch(store, batchId) is { } entry
            ? Results.Ok(entry.Batch.OutputOperations.Values.OrderBy(op => op.Id).Select(ApiMapping.ToStatus))
            : NoBatch(batchId));
        app.MapGet("/batches/{batchId:long}/operations/{outputOpId:int}", (long batchId, int outputOpId) =>
            Batch(store, batchId) is { } entry && entry.Batch.OutputOperations.TryGetValue(outputOpId, out var operation)
                ? Results.Ok(ApiMapping.ToStatus(operation))
                : Results.NotFound(new { message = $"No output operation {outputOpId} in batch {batchId}." }));
    }

    private static (Monitoring.BatchInfo Batch, string Status)? Batch(StreamingStatusStore store, long batchId)
        => store.Batches().Where(entry => entry.Batch.BatchTime.ToUnixTimeMilliseconds() == batchId).Select(entry => ((Monitoring.BatchInfo, string)?)entry).FirstOrDefault();

    private static IResult NoBatch(long batchId)
        => Results.NotFound(new { message = $"No batch {batchId} is retained (the batch id is its time in Unix milliseconds)." });
}
