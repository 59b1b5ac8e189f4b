using Amazon.S3.Model;
using Sluice.Checkpointing;
using Sluice.S3;
using Sluice.Streams;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Tests.Checkpointing;

/// <summary>
/// Checkpoints kept in an S3-compatible store (s3rver) by URI: <c>GetOrCreate("s3://bucket/prefix", ...)</c>
/// recovers a killed running count as a local directory does, and the CLI does the same with <c>--checkpoint
/// s3://...</c> and <c>--s3-endpoint</c>.
/// </summary>
[Trait("Category", "Process")]
public sealed class S3RecoveryTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>, IDisposable
{
    private const int Batches = 12;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-s3-recovery-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<string> NewBucketAsync()
    {
        var bucket = $"b{Guid.NewGuid():N}";
        await s3rver.Client().PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return bucket;
    }

    private string WriteFiles(string name)
        => RecoveryRuns.WriteBatchFiles(Path.Combine(_root, name), Batches, Start, random => Enumerable.Range(0, 3).Select(_ => string.Join(' ', Enumerable.Range(0, 3).Select(_ => "abcde"[random.Next(5)].ToString()))));

    private static DStream<string> Build(StreamingContext context, string directory) => RecoveryRuns.RunningCount(context, directory);

    [Fact]
    public async Task GetOrCreate_OnAnS3Uri_RecoversAKilledContextAsALocalDirectoryDoes()
    {
        S3Checkpoints.Register(s3rver.Client());
        var location = $"s3://{await NewBucketAsync()}/apps/counts";
        Dictionary<DateTimeOffset, string[]> expected;
        using (var uninterrupted = new StreamingTestContext())
        {
            uninterrupted.Context.Checkpoint(Path.Combine(_root, "checkpoint"));
            expected = await RecoveryRuns.RunUntilAsync(uninterrupted, uninterrupted.Collect(Build(uninterrupted.Context, WriteFiles("in-a"))), Start.AddSeconds(Batches));
        }

        var input = WriteFiles("in-b");
        var actual = new Dictionary<DateTimeOffset, string[]>();
        using (var first = new StreamingTestContext())
        {
            OutputCollector<string>? output = null;
            StreamingContext.GetOrCreate(location, () => { output = first.Collect(Build(first.Context, input)); return first.Context; });
            Assert.Equal($"{location}/", first.Context.CheckpointDirectory);
            foreach (var batch in await RecoveryRuns.RunUntilAsync(first, output!, Start.AddSeconds(7)))
            {
                actual[batch.Key] = batch.Value;
            }

            await first.Context.CheckpointsWrittenAsync();
        } // killed: no graceful stop

        using var second = new StreamingTestContext();
        OutputCollector<string>? recovered = null;
        StreamingContext.GetOrCreate(location, () => { recovered = second.Collect(Build(second.Context, input)); return second.Context; });
        second.Clock.SetUtcNow(Start.AddSeconds(7));
        foreach (var batch in await RecoveryRuns.RunUntilAsync(second, recovered!, Start.AddSeconds(Batches)))
        {
            Assert.True(!actual.TryGetValue(batch.Key, out var before) || before.SequenceEqual(batch.Value), $"Batch {batch.Key:O} ran twice with different outputs.");
            actual[batch.Key] = batch.Value;
        }

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, batch => Assert.Equal(batch.Value, actual[batch.Key]));
        var summary = await CheckpointInspector.InspectAsync(CheckpointStorages.Open(location));
        Assert.Contains(summary!.Operators, op => op.Kind == "updateStateByKey" && op.StateBytes > 0);
    }

    [Fact]
    public void AnUnregisteredScheme_IsAClearError()
    {
        using var test = new StreamingTestContext();
        var error = Assert.Throws<ArgumentException>(() => test.Context.Checkpoint("hdfs://namenode/checkpoints"));
        Assert.Contains("No checkpoint storage is registered for hdfs:// (in 'hdfs://namenode/checkpoints')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWriteAheadLog_OnS3_GivesBackEveryAcknowledgedBlockAfterACrash()
    {
        var storage = new S3CheckpointStorage(s3rver.Client(), await NewBucketAsync(), "wal");
        (StreamingTestContext, BlockFeeder, OutputCollector<int>) Create()
        {
            var test = new StreamingTestContext(configure: options => options.ReceiverWriteAheadLog = true);
            var feeder = new BlockFeeder();
            OutputCollector<int>? output = null;
            StreamingContext.GetOrCreate(storage, () => { output = test.Collect(test.Context.ReceiverStream(feeder)); return test.Context; });
            return (test, feeder, output!);
        }

        var (first, feeder, before) = Create();
        using (first)
        {
            first.Context.Start();
            feeder.Feed(1, 2, 3);
            await first.RunBatchesAsync(1);
            feeder.Feed(4, 5); // acknowledged once its object is written, in no batch yet
            feeder.Feed(6);
        } // stopped abruptly

        Assert.Contains((await storage.ListAsync()), name => name.StartsWith("received-1-", StringComparison.Ordinal));
        var (second, _, after) = Create();
        using (second)
        {
            second.Clock.SetUtcNow(Start.AddSeconds(2));
            await second.RunBatchesAsync(2);
        }

        Assert.Equal([1, 2, 3], before.All.Order());
        Assert.Equal([4, 5, 6], after.All.Order());
    }

    [Fact]
    public async Task TheCli_CheckpointsToS3_AndAKilledRunResumesWithExactCounts()
    {
        var files = new Cli.ArrivingFiles(_root);
        var random = new Random(7);
        void Arrive() => files.Arrive([.. Enumerable.Range(0, 5).Select(_ => string.Join(' ', Enumerable.Range(0, 4).Select(_ => $"w{random.Next(9)}")))]);
        var environment = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "S3RVER", ["AWS_SECRET_ACCESS_KEY"] = "S3RVER", ["AWS_REGION"] = "us-east-1" };
        string[] args = ["wordcount", "--dir", files.Input, "--window", "600s", "--batch", "200ms", "--json", "--top", "100", "--no-ui", "--master", "local[2]",
            "--checkpoint", $"s3://{await NewBucketAsync()}/cli", "--s3-endpoint", $"http://127.0.0.1:{s3rver.Port}"];
        using (var first = ChildProcess.Sluice(environment, args))
        {
            await first.WaitForLineAsync(line => line.StartsWith('{'), "the first window");
            Arrive();
            Arrive();
            var seen = files.Lines;
            await first.WaitForLineAsync(line => line.StartsWith('{') && Records(line) >= seen, $"a window of {seen} lines");
            first.Kill();
        }

        Arrive(); // while it is down
        using var second = ChildProcess.Sluice(environment, args);
        Arrive();
        var total = files.Lines;
        var last = System.Text.Json.JsonDocument.Parse(await second.WaitForLineAsync(line => line.StartsWith('{') && Records(line) >= total, $"a window of all {total} lines")).RootElement;
        Assert.Equal(total, last.GetProperty("records").GetInt32());
        var counts = last.GetProperty("top").EnumerateArray().ToDictionary(word => word.GetProperty("word").GetString()!, word => word.GetProperty("count").GetInt32());
        Assert.Equal(files.Expected.OrderBy(pair => pair.Key, StringComparer.Ordinal), counts.OrderBy(pair => pair.Key, StringComparer.Ordinal));
    }

    private static long Records(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("records").GetInt64();
}
