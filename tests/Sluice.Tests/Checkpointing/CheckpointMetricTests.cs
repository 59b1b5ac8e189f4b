using System.Diagnostics.Metrics;
using Sluice.Datasets;
using Sluice.Monitoring;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Checkpointing;

public sealed class CheckpointMetricTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-metric-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task CheckpointSize_IsAGaugeOnTheSluiceMeter()
    {
        using var test = new StreamingTestContext();
        test.Context.Checkpoint(_directory);
        test.Input<string>([["a", "b"]]).Map(word => (word, 1))
            .UpdateStateByKey<string, int, int>((values, total) => new Optional<int>(total.GetValueOrDefault(0) + values.Count))
            .Checkpoint(TimeSpan.FromSeconds(1))
            .Print();
        await test.RunBatchesAsync(2);
        test.Context.Stop(stopGracefully: true); // the writer has written everything; its last size stays readable below

        var sizes = new List<(long Bytes, string? Location)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SluiceMeter.Name && instrument.Name == "sluice.checkpoint.size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => sizes.Add((value, tags.ToArray().FirstOrDefault(t => t.Key == "location").Value as string)));
        listener.Start();

        using var running = new StreamingTestContext();
        running.Context.Checkpoint(Path.Combine(_directory, "second"));
        running.Input<int>([[1]]).Print();
        await running.RunBatchesAsync(1);
        // The checkpoint is written off the batch thread: observe until it has been. Other tests running at the
        // same time report their own writers on the same gauge, so only this location counts.
        var second = Path.Combine(_directory, "second");
        for (var attempt = 0; attempt < 500 && !sizes.Any(size => size.Bytes > 0 && size.Location == second); attempt++)
        {
            sizes.Clear();
            listener.RecordObservableInstruments();
            await Task.Delay(10);
        }

        Assert.Contains(sizes, size => size.Bytes > 0 && size.Location == second);
        Assert.DoesNotContain(sizes, size => size.Location == _directory); // a stopped context is no longer reported
    }

    [Fact]
    [Trait("Category", "Process")] // mounts a tmpfs
    public async Task FailedCheckpoints_AreCountedOnTheSluiceMeter_TaggedWithTheirLocation()
    {
        using var disk = Sluice.TestSupport.SmallDisk.Mount(256 << 10);
        disk.Fill(leaveFree: 0);
        var failures = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SluiceMeter.Name && instrument.Name == "sluice.checkpoint.failures")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tags.ToArray().Any(tag => tag.Key == "location" && (string?)tag.Value == disk.Path))
            {
                Interlocked.Add(ref failures, value);
            }
        });
        listener.Start();

        using var test = new StreamingTestContext();
        test.Context.Checkpoint(disk.Path);
        test.Input<int>([[1], [2]]).Print();
        await test.RunBatchesAsync(2);
        await test.Context.CheckpointsWrittenAsync();
        Assert.Equal(3, Interlocked.Read(ref failures)); // the checkpoint written at start, and each batch's
    }
}
