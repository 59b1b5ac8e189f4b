using System.Collections.Concurrent;
using CsCheck;
using Sluice.Sources;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Tests.Checkpointing;

public sealed class WriteAheadLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-wal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private IEnumerable<string> BlockFiles() => Directory.EnumerateFiles(_directory, "received-*");

    private (StreamingTestContext Test, BlockFeeder BlockFeeder, OutputCollector<int> Output) Create(bool log)
    {
        var test = new StreamingTestContext(configure: o => o.ReceiverWriteAheadLog = log);
        var feeder = new BlockFeeder();
        OutputCollector<int>? output = null;
        StreamingContext.GetOrCreate(_directory, () =>
        {
            output = test.Collect(test.Context.ReceiverStream(feeder));
            return test.Context;
        });
        return (test, feeder, output!);
    }

    [Fact]
    public async Task BlocksStoredBeforeACrash_AreProcessedAfterRecovery()
    {
        var (first, feeder, before) = Create(log: true);
        using (first)
        {
            first.Context.Start();
            feeder.Feed(1, 2, 3);
            await first.RunBatchesAsync(1);
            feeder.Feed(4, 5);
            await first.RunBatchesAsync(1);
            feeder.Feed(6, 7, 8); // stored and acknowledged, in no batch yet
            feeder.Feed(9);
        } // stopped abruptly

        Assert.NotEmpty(BlockFiles());
        var (second, _, after) = Create(log: true);
        using (second)
        {
            second.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 1, 0, 0, 2, TimeSpan.Zero));
            await second.RunBatchesAsync(2);
        }

        Assert.Equal(Enumerable.Range(1, 5), before.All.Order());
        Assert.Equal([6, 7, 8, 9], after.All.Order());
    }

    [Fact]
    public async Task ALogInTheFirstFormat_IsReadAfterAnUpgrade()
    {
        var (first, feeder, before) = Create(log: true);
        using (first)
        {
            first.Context.Start();
            feeder.Feed(1, 2, 3);
            await first.RunBatchesAsync(1);
            feeder.Feed(4, 5); // acknowledged, in no batch yet
        } // stopped abruptly

        // The same blocks, as the first format logged them: segments under receivedData/STREAM.
        var storage = new Sluice.Checkpointing.LocalCheckpointStorage(_directory);
        using var current = new ReceivedBlockLog(storage, 1, null, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var logged = current.ReadAll().Blocks;
        Assert.Equal([1L, 2L], logged.Select(block => block.Sequence));
        var segments = Directory.CreateDirectory(Path.Combine(_directory, "receivedData", "1")).FullName;
        File.WriteAllBytes(Path.Combine(segments, "log-000000000001"), FirstFormatBlockLog.Segment([.. logged.Select(block => (block.Sequence, block.Records, block.Payload))]));
        foreach (var file in BlockFiles()) File.Delete(file);
        CheckpointRewriter.ToFirstFormat(_directory); // and the checkpoint's positions as strings, "block N:M"

        var (second, _, after) = Create(log: true);
        using (second)
        {
            second.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 1, 0, 0, 2, TimeSpan.Zero));
            await second.RunBatchesAsync(2);
        }

        Assert.Equal([1, 2, 3], before.All.Order());
        Assert.Equal([4, 5], after.All.Order());
    }

    [Fact]
    public async Task BlocksAcknowledgedBeforeACrashThatLeftNoCheckpoint_GoToTheFirstBatch()
    {
        var (first, feeder, _) = Create(log: true);
        using (first)
        {
            first.Context.Start();
            feeder.Feed(1, 2);
            feeder.Feed(3);
        } // stopped abruptly before any batch, so before any checkpoint

        var (second, secondBlockFeeder, after) = Create(log: true);
        using (second)
        {
            second.Context.Start();
            secondBlockFeeder.Feed(4);
            await second.RunBatchesAsync(1);
        }

        Assert.Equal([1, 2, 3, 4], after.All.Order());
    }

    /// <summary>A receiver of lines that the test stores into directly, as bytes, as the socket text receiver does.</summary>
    private sealed class Lines : Receiver<string>
    {
        public override void OnStart()
        {
        }

        public override void OnStop()
        {
        }
    }

    [Fact]
    public async Task LinesStoredAsBytes_AreLoggedAsTheyCame_AndProcessedAfterACrash()
    {
        var lines = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (var line in new[] { "héllo", "", "wörld" })
        {
            Sluice.Serialization.RecordCodecs.Default<string>().Write(line, lines);
        }

        var first = new StreamingTestContext(configure: o => o.ReceiverWriteAheadLog = true);
        var receiver = new Lines();
        StreamingContext.GetOrCreate(_directory, () =>
        {
            first.Context.ReceiverStream(receiver).Print();
            return first.Context;
        });
        using (first)
        {
            first.Context.Start();
            receiver.StoreEncoded(lines.WrittenSpan, 3);
            first.Clock.Advance(first.Context.Options.BlockInterval); // the block is cut, logged and acknowledged
            Assert.Single(BlockFiles());
        } // stopped abruptly, before its batch

        using var second = new StreamingTestContext(configure: o => o.ReceiverWriteAheadLog = true);
        OutputCollector<string>? after = null;
        StreamingContext.GetOrCreate(_directory, () =>
        {
            after = second.Collect(second.Context.ReceiverStream(new Lines()));
            return second.Context;
        });
        await second.RunBatchesAsync(1);

        Assert.Equal(["héllo", "", "wörld"], after!.All);
    }

    [Fact]
    public async Task BlockFiles_AreDeletedOnceNoCheckpointNeedsThem()
    {
        var (test, feeder, output) = Create(log: true);
        using (test)
        {
            test.Context.Start();
            for (var batch = 1; batch <= 8; batch++)
            {
                feeder.Feed(batch);
                await test.RunBatchesAsync(1);
            }
        } // the stop waits for deletions in progress

        Assert.Equal(Enumerable.Range(1, 8), output.All.Order());
        var kept = BlockFiles().Select(Path.GetFileName).ToList();
        Assert.DoesNotContain("received-1-0000000000000000001", kept);
        Assert.Contains("received-1-0000000000000000008", kept);
    }

    [Fact]
    public async Task WithoutTheLog_TheRecordsACrashLost_AreReportedPerReceiver()
    {
        var logs = new Sluice.TestSupport.LogCollector();
        var entered = new SemaphoreSlim(0);
        var release = new SemaphoreSlim(0);
        using (var first = new StreamingTestContext(configure: o => o.LoggerFactory = logs))
        {
            var feeder = new BlockFeeder();
            StreamingContext.GetOrCreate(_directory, () =>
            {
                first.Context.ReceiverStream(feeder).ForeachRdd(rdd =>
                {
                    entered.Release();
                    Assert.True(release.Wait(StreamingTestContext.BatchTimeout));
                    rdd.Count();
                });
                return first.Context;
            });
            first.Context.Start();
            feeder.Feed(1, 2, 3);
            var batch = first.RunBatchesAsync(1);
            Assert.True(await entered.WaitAsync(StreamingTestContext.BatchTimeout));
            feeder.Feed(4, 5); // received while the batch runs: in no batch when its checkpoint is taken
            release.Release();
            await batch;
            await first.Context.CheckpointsWrittenAsync();
        } // stopped abruptly

        var recovered = new StreamingTestContext(configure: o => o.LoggerFactory = logs);
        using (recovered)
        {
            StreamingContext.GetOrCreate(_directory, () =>
            {
                recovered.Context.ReceiverStream(new BlockFeeder()).Print();
                return recovered.Context;
            });
        }

        Assert.Contains(
            "receiverStream-1: the crash lost at least 2 received records, which lived in memory only: 0 in 0 batches that run again without them, and 2 received but in no batch yet at the checkpoint",
            logs.Messages(Microsoft.Extensions.Logging.LogLevel.Error).Single(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void LogWithoutCheckpointDirectory_StartFailsSayingWhy()
    {
        using var test = new StreamingTestContext(configure: o => o.ReceiverWriteAheadLog = true);
        test.Collect(test.Context.ReceiverStream(new BlockFeeder()));
        Assert.Contains("ReceiverWriteAheadLog is on but the checkpoint directory has not been set", Assert.Throws<InvalidOperationException>(test.Context.Start).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TornLastEntry_IsReportedAndTheEntriesBeforeItRead()
    {
        var segment = FirstFormatBlockLog.Segment((1, 2, [1, 2, 3]), (2, 1, [4]));
        File.WriteAllBytes(Path.Combine(_directory, "log-000000000001"), segment[..^5]);
        var (blocks, damage) = new SegmentedBlockLog(_directory).ReadAll();
        Assert.Equal([1L], blocks.Select(block => block.Sequence));
        Assert.Contains("torn entry", damage, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomBytesInASegment_AreReportedAsDamage_NeverACrashOrHang()
        => Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            var directory = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(Path.Combine(directory, "log-000000000001"), bytes);
            var (blocks, damage) = new SegmentedBlockLog(directory).ReadAll();
            return bytes.Length == 0 ? blocks.Count == 0 && damage is null : damage is not null || blocks.Count > 0;
        }, iter: 500);
}
