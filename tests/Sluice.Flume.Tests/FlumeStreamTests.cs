using System.Net;
using System.Net.Sockets;
using System.Text;
using Sluice.Streams;
using Sluice.TestSupport;

namespace Sluice.Flume.Tests;

/// <summary>
/// The Flume receiver with avsc as the Avro sink: every event counted once with its headers, over appendBatch and
/// append; on an executor process; a full disk under the write-ahead log answered FAILED and nothing counted until
/// the events come again; a taken port, a client that is not Avro RPC, and bodies that are not text reported in words.
/// </summary>
[Trait("Category", "Process")]
public sealed class FlumeStreamTests
{
    [Fact]
    public async Task EveryEventSent_IsInABatchOnce_WithItsHeaders_AndEveryCallIsAnsweredOk()
    {
        var port = Loopback.FreePort();
        using var run = new SourceTestRun();
        var events = run.Test.Collect(FlumeUtils.CreateStream(run.Test.Context, "127.0.0.1", port)
            .Map(flumeEvent => $"{flumeEvent.Headers["source"]} {Encoding.UTF8.GetString(flumeEvent.Body)}"));
        await run.StartAsync("Listening for Flume's Avro sink");

        var batched = await FlumeSender.SendAsync(port, Enumerable.Range(0, 300).Select(i => $"b{i}"), batch: 100);
        var single = await FlumeSender.SendAsync(port, Enumerable.Range(0, 20).Select(i => $"a{i}"), batch: 1);
        await run.RunUntilAsync(() => events.All.Count >= 320);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Repeat("OK", 3), batched);
        Assert.Equal(Enumerable.Repeat("OK", 20), single);
        string[] expected = [.. Enumerable.Range(0, 300).Select(i => $"avsc b{i}"), .. Enumerable.Range(0, 20).Select(i => $"avsc a{i}")];
        Assert.Equal(expected.Order(), events.All.Order());
    }

    [Fact]
    public async Task OnExecutorProcesses_TheReceiverListensThere_AndEveryEventIsCountedOnce()
    {
        var port = Loopback.FreePort();
        using var run = new SourceTestRun("local-cluster[2,1]");
        var lines = run.Test.Collect(FlumeUtils.CreateTextStream(run.Test.Context, new FlumeStreamOptions { Host = "127.0.0.1", Port = port }));
        var started = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        run.Test.Context.AddStreamingListener(new ReceiverStarted(started));
        run.Test.Context.Start();
        Assert.StartsWith("executor-", await started.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        await run.RunUntilAsync(() => Listening(port)); // its "listening" line is in the executor's log

        Assert.Equal(Enumerable.Repeat("OK", 2), await FlumeSender.SendAsync(port, Enumerable.Range(0, 200).Select(i => $"line {i}")));
        await run.RunUntilAsync(() => lines.All.Count >= 200);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"line {i}").Order(), lines.All.Order());
    }

    [Fact]
    public async Task AFullDiskUnderTheWriteAheadLog_IsAnsweredFailed_AndTheEventsCountOnceWhenSentAgain()
    {
        var port = Loopback.FreePort();
        using var disk = SmallDisk.Mount(8 * 1024 * 1024);
        using var run = new SourceTestRun(wal: true);
        run.Test.Context.Checkpoint(Path.Combine(disk.Path, "checkpoint"));
        var lines = run.Test.Collect(FlumeUtils.CreateTextStream(run.Test.Context, new FlumeStreamOptions { Host = "127.0.0.1", Port = port }));
        await run.StartAsync("Listening for Flume's Avro sink");

        disk.Fill(leaveFree: 0);
        var lineTexts = Enumerable.Range(0, 100).Select(i => $"line {i}").ToList();
        Assert.Equal(["FAILED"], await FlumeSender.SendAsync(port, lineTexts));
        Assert.Contains("No space left on device", await run.Errors.WaitForAsync("answered FAILED"), StringComparison.Ordinal);
        await run.Test.RunBatchesAsync(2);
        Assert.Empty(lines.All);

        disk.FreeBallast();
        Assert.Equal(["OK"], await FlumeSender.SendAsync(port, lineTexts)); // as the Avro sink does after FAILED
        await run.RunUntilAsync(() => lines.All.Count >= 100);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(lineTexts.Order(), lines.All.Order());
    }

    [Fact]
    public async Task ATakenPort_AClientThatIsNotAvroRpc_AndABodyThatIsNotText_AreReportedInWords()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var port = Loopback.FreePort();
        using var run = new SourceTestRun("local[3]");
        run.Test.Collect(FlumeUtils.CreateTextStream(run.Test.Context, new FlumeStreamOptions { Host = "127.0.0.1", Port = takenPort }));
        var lines = run.Test.Collect(FlumeUtils.CreateTextStream(run.Test.Context, new FlumeStreamOptions { Host = "127.0.0.1", Port = port }));
        await run.StartAsync("Listening for Flume's Avro sink");
        Assert.Contains("the port is taken by another process", await run.Errors.WaitForAsync($"127.0.0.1:{takenPort}"), StringComparison.Ordinal);

        using (var http = new TcpClient("127.0.0.1", port))
        {
            await http.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            Assert.Contains("sent what is not Flume's AvroSourceProtocol over Avro RPC with Netty framing", await run.Errors.WaitForAsync("not Flume's AvroSourceProtocol"), StringComparison.Ordinal);
        }

        Assert.Equal(["OK"], await FlumeSender.SendAsync(port, [Convert.ToHexString(Encoding.UTF8.GetBytes("first")), "61fffe", Convert.ToHexString(Encoding.UTF8.GetBytes("last"))], hex: true));
        await run.RunUntilAsync(() => lines.All.Count >= 2);

        Assert.Equal(["first", "last"], lines.All.Order());
        Assert.Contains("A Flume event was dropped: its body of 3 bytes is not UTF-8 text (an invalid byte at index 1)", await run.Errors.WaitForAsync("not UTF-8"), StringComparison.Ordinal);
    }

    private static bool Listening(int port)
    {
        try
        {
            using var probe = new TcpClient("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
