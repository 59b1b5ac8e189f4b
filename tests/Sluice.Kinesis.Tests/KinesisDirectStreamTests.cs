using System.Text;
using Sluice.Streams;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Kinesis.Tests;

/// <summary>
/// The direct stream over a Kinesis data stream against kinesalite on loopback, records put with awscli: each read
/// once over several shards, from the oldest or from those put after the start; bounded by the rate; following a
/// shard split; on executor processes; after a recovery; a missing stream and an endpoint nobody serves reported in
/// words.
/// </summary>
[Trait("Category", "Process")]
public sealed class KinesisDirectStreamTests
{
    [Fact]
    public async Task FromTheTrimHorizon_EveryRecordOfEveryShardIsReadOnce()
    {
        using var kinesis = await Kinesalite.StartAsync();
        kinesis.CreateStream("clicks", shards: 3);
        kinesis.PutRecords("clicks", Enumerable.Range(0, 600).Select(i => $"r{i}"));
        using var run = new SourceTestRun("local[3]");
        var records = run.Test.Collect(KinesisUtils.CreateDirectStream(run.Test.Context, kinesis.Options("clicks") with { StartFrom = KinesisStreamStart.TrimHorizon })
            .Map(record => $"{record.ShardId} {record.PartitionKey} {Encoding.UTF8.GetString(record.Data)}"));
        run.Test.Context.Start();

        await run.RunUntilAsync(() => records.All.Count >= 600);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 600).Select(i => $"r{i}").Order(), records.All.Select(line => line.Split(' ')[2]).Order());
        Assert.Equal(3, records.All.Select(line => line.Split(' ')[0]).Distinct().Count());
    }

    [Fact]
    public async Task FromTheLatest_OnlyRecordsPutAfterTheStart_AreRead_NoMoreThanTheRateAllows()
    {
        using var kinesis = await Kinesalite.StartAsync();
        kinesis.CreateStream("clicks", shards: 2);
        kinesis.PutRecords("clicks", Enumerable.Range(0, 50).Select(i => $"before {i}"));
        using var run = new SourceTestRun();
        var lines = run.Test.Collect(KinesisUtils.CreateTextDirectStream(run.Test.Context, kinesis.Options("clicks") with { MaxRatePerSecond = 60 }));
        run.Test.Context.Start();
        await run.Test.RunBatchesAsync(1); // the shards' ends are found

        kinesis.PutRecords("clicks", Enumerable.Range(0, 200).Select(i => $"after {i}"));
        await run.RunUntilAsync(() => lines.All.Count >= 200);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"after {i}").Order(), lines.All.Order());
        Assert.All(lines.Batches, batch => Assert.InRange(batch.Length, 0, 60));
    }

    [Fact]
    public async Task AShardSplit_ItsParentIsReadToItsEnd_ThenItsChildren_AndEveryRecordOnce()
    {
        using var kinesis = await Kinesalite.StartAsync();
        kinesis.CreateStream("clicks", shards: 1);
        kinesis.PutRecords("clicks", Enumerable.Range(0, 300).Select(i => $"parent {i}"));
        using var run = new SourceTestRun();
        var records = run.Test.Collect(KinesisUtils.CreateDirectStream(run.Test.Context, kinesis.Options("clicks") with { StartFrom = KinesisStreamStart.TrimHorizon, MaxRatePerSecond = 100 })
            .Map(record => (record.ShardId, Encoding.UTF8.GetString(record.Data))));
        run.Test.Context.Start();
        await run.RunUntilAsync(() => records.All.Count >= 50); // part of the parent read

        kinesis.SplitShard("clicks", "shardId-000000000000", "170141183460469231731687303715884105728");
        kinesis.PutRecords("clicks", Enumerable.Range(0, 300).Select(i => $"child {i}"));
        await run.RunUntilAsync(() => records.All.Count >= 600);
        await run.Test.RunBatchesAsync(2);

        string[] expected = [.. Enumerable.Range(0, 300).Select(i => $"parent {i}"), .. Enumerable.Range(0, 300).Select(i => $"child {i}")];
        Assert.Equal(expected.Order(), records.All.Select(record => record.Item2).Order());
        var lastParent = records.All.ToList().FindLastIndex(record => record.Item1 == "shardId-000000000000");
        var firstChild = records.All.ToList().FindIndex(record => record.Item1 != "shardId-000000000000");
        Assert.True(lastParent < firstChild, "A child shard was read before its parent was read to its end.");
        Assert.Equal(2, records.All.Select(record => record.Item1).Where(shard => shard != "shardId-000000000000").Distinct().Count());
    }

    [Fact]
    public async Task OnExecutorProcesses_TheShardsAreReadThere_AndEveryRecordOnce()
    {
        using var kinesis = await Kinesalite.StartAsync();
        kinesis.CreateStream("clicks", shards: 2);
        kinesis.PutRecords("clicks", Enumerable.Range(0, 300).Select(i => $"line {i}"));
        using var run = new SourceTestRun("local-cluster[2,1]");
        var lines = run.Test.Collect(KinesisUtils.CreateTextDirectStream(run.Test.Context, kinesis.Options("clicks") with { StartFrom = KinesisStreamStart.TrimHorizon }));
        run.Test.Context.Start();

        await run.RunUntilAsync(() => lines.All.Count >= 300);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"line {i}").Order(), lines.All.Order());
    }

    [Fact]
    public async Task Recovered_ItReadsTheCheckpointedRangesAgain_ThenOnFromWhereEachShardWas()
    {
        using var kinesis = await Kinesalite.StartAsync();
        kinesis.CreateStream("clicks", shards: 2);
        var checkpoint = Directory.CreateTempSubdirectory("sluice-kinesis-recovery-").FullName;
        try
        {
            kinesis.PutRecords("clicks", Enumerable.Range(0, 100).Select(i => $"first {i}"));
            DateTimeOffset stoppedAt;
            using (var first = new SourceTestRun())
            {
                var lines = first.Test.Collect(Lines(StreamingContext.GetOrCreate(checkpoint, () => first.Test.Context), kinesis));
                first.Test.Context.Start();
                await first.RunUntilAsync(() => lines.All.Count >= 100);
                await first.Test.RunBatchesAsync(3); // nothing new
                stoppedAt = first.Test.Clock.GetUtcNow();
            } // no graceful stop

            kinesis.PutRecords("clicks", Enumerable.Range(0, 50).Select(i => $"second {i}"));
            using var second = new SourceTestRun();
            OutputCollector<string>? recovered = null;
            StreamingContext.GetOrCreate(checkpoint, () =>
            {
                recovered = second.Test.Collect(Lines(second.Test.Context, kinesis));
                return second.Test.Context;
            });
            second.Test.Clock.SetUtcNow(stoppedAt);
            second.Test.Context.Start();
            await second.RunUntilAsync(() => recovered!.All.Count(line => line.StartsWith("second", StringComparison.Ordinal)) >= 50);
            await second.Test.RunBatchesAsync(2);

            Assert.Equal(Enumerable.Range(0, 50).Select(i => $"second {i}").Order(), recovered!.All.Order());
        }
        finally
        {
            Directory.Delete(checkpoint, recursive: true);
        }
    }

    [Fact]
    public async Task AMissingStream_AndAnEndpointNobodyServes_AreReportedInWords()
    {
        using var kinesis = await Kinesalite.StartAsync();
        using var run = new SourceTestRun();
        run.Test.Collect(KinesisUtils.CreateTextDirectStream(run.Test.Context, kinesis.Options("nope")));
        run.Test.Collect(KinesisUtils.CreateTextDirectStream(run.Test.Context, kinesis.Options("clicks") with { ServiceUrl = $"http://127.0.0.1:{Loopback.FreePort()}" }));
        run.Test.Context.Start();
        await run.RunUntilAsync(() => run.Errors.Messages.Count >= 2);

        Assert.Contains($"Kinesis at 127.0.0.1:{kinesis.Port}, ListShards on stream 'nope': the stream does not exist", await run.Errors.WaitForAsync("'nope'"), StringComparison.Ordinal);
        Assert.Contains("Check ServiceUrl and Region", await run.Errors.WaitForAsync("'clicks'"), StringComparison.Ordinal);
    }

    private static DStream<string> Lines(StreamingContext context, Kinesalite kinesis)
        => KinesisUtils.CreateTextDirectStream(context, kinesis.Options("clicks") with { StartFrom = KinesisStreamStart.TrimHorizon });
}
