using System.Collections.Concurrent;
using CsCheck;
using Sluice.Sources;
using Sluice.Testing;

namespace Sluice.Tests.Checkpointing;

public sealed class WriteAheadLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-wal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Stores each block the test hands it, as a reliable receiver would: Store returns once the block is stored.</summary>
    private sealed class Feeder : Receiver<int>
    {
        private readonly BlockingCollection<int[]> _blocks = [];
        private readonly BlockingCollection<bool> _stored = [];

        public void Feed(params int[] block)
        {
            _blocks.Add(block);
            Assert.True(_stored.TryTake(out _, StreamingTestContext.BatchTimeout), "The block was not stored.");
        }

        public override void OnStart()
            => new Thread(() =>
            {
                foreach (var block in _blocks.GetConsumingEnumerable())
                {
                    Store(block);
                    _stored.Add(true);
                }
            }) { IsBackground = true }.Start();

        public override void OnStop() => _blocks.CompleteAdding();
    }

    private (StreamingTestContext Test, Feeder Feeder, OutputCollector<int> Output) Create(bool log)
    {
        var test = new StreamingTestContext(configure: o => o.ReceiverWriteAheadLog = log);
        var feeder = new Feeder();
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

        Assert.True(Directory.EnumerateFiles(Path.Combine(_directory, "receivedData"), "log-*", SearchOption.AllDirectories).Any());
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
    public async Task WithoutTheLog_TheRecordsACrashLost_AreReportedPerReceiver()
    {
        var logs = new Sluice.TestSupport.LogCollector();
        var entered = new SemaphoreSlim(0);
        var release = new SemaphoreSlim(0);
        using (var first = new StreamingTestContext(configure: o => o.LoggerFactory = logs))
        {
            var feeder = new Feeder();
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
                recovered.Context.ReceiverStream(new Feeder()).Print();
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
        test.Collect(test.Context.ReceiverStream(new Feeder()));
        Assert.Contains("ReceiverWriteAheadLog is on but the checkpoint directory has not been set", Assert.Throws<InvalidOperationException>(test.Context.Start).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TornLastEntry_IsReportedAndTheEntriesBeforeItRead()
    {
        using (var log = new ReceivedBlockLog(_directory))
        {
            log.Append(1, 2, [1, 2, 3]);
            log.Append(2, 1, [4]);
        }

        var segment = Directory.EnumerateFiles(_directory, "log-*").Single();
        var bytes = File.ReadAllBytes(segment);
        File.WriteAllBytes(segment, bytes[..^5]);
        using var reopened = new ReceivedBlockLog(_directory);
        var (blocks, damage) = reopened.ReadAll();
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
            using var log = new ReceivedBlockLog(directory);
            var (blocks, damage) = log.ReadAll();
            return bytes.Length == 0 ? blocks.Count == 0 && damage is null : damage is not null || blocks.Count > 0;
        }, iter: 500);
}
