using System.Buffers;
using Sluice.Serialization;
using Sluice.Sources;
using Sluice.Testing;

namespace Sluice.Tests.Sources;

public class ReceiverStreamTests
{
    private sealed class FailsFirstStart : Receiver<int>
    {
        private int _starts;

        public int Stops { get; private set; }

        public override void OnStart()
        {
            if (Interlocked.Increment(ref _starts) == 1)
            {
                throw new IOException("device busy");
            }

            Store([1, 2, 3]);
        }

        public override void OnStop() => Stops++;
    }

    private sealed class Burst(int count) : Receiver<int>
    {
        public override void OnStart()
        {
            for (var i = 0; i < count; i++)
            {
                Store(i);
            }
        }

        public override void OnStop()
        {
        }
    }

    [Fact]
    public async Task ReceiverThatThrowsOnStart_IsRestartedAfterTheDelay()
    {
        var events = new ReceiverEvents();
        using var test = new StreamingTestContext(configure: o =>
        {
            o.Master = "local[2]";
            o.ReceiverRestartDelay = TimeSpan.FromSeconds(1);
        });
        test.Context.AddStreamingListener(events);
        var output = test.Collect(test.Context.ReceiverStream(new FailsFirstStart()));
        test.Context.Start();

        await events.WaitFor((kind, info) => kind == "error" && info.LastError is IOException);
        await test.RunBatchesAsync(2);

        Assert.Equal([1, 2, 3], output.All);
        Assert.Contains(events.All, e => e.Kind == "started");
        Assert.Equal("Error starting receiver", events.All.First(e => e.Kind == "error").Info.LastErrorMessage);
    }

    [Fact]
    public async Task BlockInterval_CutsBlocksIntoPartitions()
    {
        using var test = new StreamingTestContext(configure: o => o.BlockInterval = TimeSpan.FromMilliseconds(250));
        var receiver = new Burst(0);
        var partitions = test.Collect(test.Context.ReceiverStream(receiver).Glom().Map(part => part.Length));
        test.Context.Start();
        receiver.Store(1);
        test.Clock.Advance(TimeSpan.FromMilliseconds(250));
        receiver.Store(2);
        receiver.Store(3);
        test.Clock.Advance(TimeSpan.FromMilliseconds(250));
        receiver.Store(4);
        await test.RunBatchesAsync(1);
        Assert.Equal([[1, 2, 1]], partitions.Batches);
    }

    [Fact]
    public async Task GracefulStop_ProcessesEveryRecordAlreadyReceived()
    {
        var events = new ReceiverEvents();
        using var test = new StreamingTestContext();
        test.Context.AddStreamingListener(events);
        var output = test.Collect(test.Context.ReceiverStream(new Burst(1000)));
        test.Context.Start();

        var stopping = Task.Run(() => test.Context.Stop(stopGracefully: true));
        await events.WaitFor((kind, _) => kind == "stopped");
        test.Clock.Advance(test.Context.BatchInterval); // the timer keeps cutting batches until the blocks are taken
        await stopping.WaitAsync(StreamingTestContext.BatchTimeout);

        Assert.Equal(Enumerable.Range(0, 1000), output.All);
    }

    [Fact]
    public async Task TwoReceiversUnited_BothArriveInTheBatch()
    {
        using var test = new StreamingTestContext(configure: o => o.Master = "local[3]");
        var union = test.Context.Union(test.Context.ReceiverStream(new Burst(3)), test.Context.ReceiverStream(new Burst(2)));
        var output = test.Collect(union);
        await test.RunBatchesAsync(1);
        Assert.Equal([0, 0, 1, 1, 2], output.All.Order());
    }

    [Fact]
    public async Task OnLocal1_AReceiverHoldsNoWorker_SoItsBatchesRun()
    {
        using var test = new StreamingTestContext(configure: o => o.Master = "local[1]");
        var output = test.Collect(test.Context.ReceiverStream(new Burst(3)));
        await test.RunBatchesAsync(1);
        Assert.Equal([0, 1, 2], output.All);
    }

    [Fact]
    public void Store_OnDetachedReceiver_SaysItIsNotAttached()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Burst(0).Store(1));
        Assert.Contains("not attached", error.Message);
    }

    /// <summary>Receives serialized blocks, as a receiver reading a binary protocol would.</summary>
    private sealed class SerializedBlocks(params byte[][] blocks) : Receiver<(string Word, long Count)>
    {
        public FormatException? Rejected { get; private set; }

        public override void OnStart()
        {
            foreach (var block in blocks)
            {
                try
                {
                    StoreSerialized(block);
                }
                catch (FormatException error)
                {
                    Rejected = error;
                }
            }
        }

        public override void OnStop()
        {
        }
    }

    [Fact]
    public async Task StoreSerialized_DecodesEachBlockWithTheCodec_AndRejectsABrokenBlockWhole()
    {
        var codec = RecordCodecs.Default<(string, long)>();
        var good = new ArrayBufferWriter<byte>();
        codec.Write(("spark", 3), good);
        codec.Write(("sluice", 5), good);
        var broken = new ArrayBufferWriter<byte>();
        codec.Write(("lost", 1), broken);
        var receiver = new SerializedBlocks(good.WrittenSpan.ToArray(), broken.WrittenSpan[..^2].ToArray());
        using var test = new StreamingTestContext();
        var output = test.Collect(test.Context.ReceiverStream(receiver));
        await test.RunBatchesAsync(1);

        Assert.Equal([("spark", 3L), ("sluice", 5L)], output.All);
        Assert.Contains("record 0 at byte 0 of a block of 11 bytes could not be read, so the block was not stored", receiver.Rejected!.Message, StringComparison.Ordinal);
    }

    /// <summary>A receiver of lines that the test stores into directly.</summary>
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
    public async Task LinesStoredAsBytes_AndOneByOne_KeepTheirOrder_InOneBlock()
    {
        using var test = new StreamingTestContext();
        var receiver = new Lines();
        var stream = test.Context.ReceiverStream(receiver);
        var output = test.Collect(stream);
        var partitions = test.Collect(stream.Glom().Map(part => part.Length));
        test.Context.Start();
        receiver.Store("first");
        receiver.StoreEncoded(Encode("second", "third"), 2);
        receiver.Store("fourth");
        receiver.StoreEncoded(Encode("fifth"), 1);

        await test.RunBatchesAsync(1);

        Assert.Equal(["first", "second", "third", "fourth", "fifth"], output.All);
        Assert.Equal([[5]], partitions.Batches);
    }

    private static byte[] Encode(params string[] lines)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var line in lines)
        {
            RecordCodecs.Default<string>().Write(line, output);
        }

        return output.WrittenSpan.ToArray();
    }
}
