using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sluice.Monitoring;
using Sluice.Testing;

namespace Sluice.Tests.Monitoring;

/// <summary>
/// What OpenTelemetry (or any listener) gets from a running context: a span per batch with a child per job on the
/// <c>Sluice</c> activity source, and batch and job durations in seconds on the <c>Sluice</c> meter. Other tests run
/// at the same time and report on the same source and meter, so only this test's application counts.
/// </summary>
public sealed class TracingAndHistogramTests
{
    [Fact]
    public async Task EachBatch_IsASpanFromSubmissionToItsLastJob_WithASpanPerJob()
    {
        var app = $"traced-{Guid.NewGuid():N}";
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SluiceTracing.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var test = new StreamingTestContext(configure: options => options.AppName = app);
        var words = test.Input([["a b", "c"], ["d"]]).FlatMap(line => line.Split(' '));
        words.Print();
        words.ForeachRdd(_ => test.Clock.Advance(TimeSpan.FromMilliseconds(30))); // a job that takes 30 ms of the context's clock
        var batches = await test.RunBatchesAsync(2);

        var mine = spans.Where(span => span.OperationName == "sluice.batch" && (string?)span.GetTagItem("sluice.app") == app).ToList();
        Assert.Equal(2, mine.Count);
        var first = mine.Single(span => (string?)span.GetTagItem("sluice.batch.time") == batches[0].BatchTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(batches[0].NumRecords, first.GetTagItem("sluice.batch.records"));
        Assert.Equal(batches[0].SubmissionTime.UtcDateTime, first.StartTimeUtc);
        Assert.Equal(TimeSpan.FromMilliseconds(30), first.Duration);
        var jobs = spans.Where(span => span.OperationName == "sluice.job" && span.ParentSpanId == first.SpanId).ToList();
        Assert.Equal(["print", "foreachRdd"], jobs.OrderBy(job => (int?)job.GetTagItem("sluice.operation.id")).Select(job => (string?)job.GetTagItem("sluice.operation")));
        Assert.All(jobs, job => Assert.Equal(first.TraceId, job.TraceId));
        Assert.Equal(TimeSpan.FromMilliseconds(30), jobs.Single(job => (string?)job.GetTagItem("sluice.operation") == "foreachRdd").Duration);
    }

    [Fact]
    public async Task BatchAndJobDurations_AreHistogramsInSeconds()
    {
        var app = $"measured-{Guid.NewGuid():N}";
        var durations = new ConcurrentQueue<(string Instrument, double Seconds, string? Operation)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SluiceMeter.Name && instrument.Name is "sluice.batch.duration" or "sluice.job.duration")
            {
                Assert.Equal("s", instrument.Unit);
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var all = tags.ToArray();
            if (all.Any(tag => tag.Key == "app" && (string?)tag.Value == app))
            {
                durations.Enqueue((instrument.Name, value, all.FirstOrDefault(tag => tag.Key == "operation").Value as string));
            }
        });
        listener.Start();

        using var test = new StreamingTestContext(configure: options => options.AppName = app);
        test.Input([[1, 2], [3]]).ForeachRdd(_ => test.Clock.Advance(TimeSpan.FromMilliseconds(250)));
        await test.RunBatchesAsync(2);

        Assert.Equal([0.25, 0.25], durations.Where(entry => entry.Instrument == "sluice.batch.duration").Select(entry => entry.Seconds));
        Assert.Equal(["foreachRdd", "foreachRdd"], durations.Where(entry => entry.Instrument == "sluice.job.duration").Select(entry => entry.Operation));
    }
}
