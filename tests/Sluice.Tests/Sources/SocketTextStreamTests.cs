using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sluice.Streams;
using Sluice.Testing;
using Sluice.TestSupport;

namespace Sluice.Tests.Sources;

public class SocketTextStreamTests
{
    private static readonly string s_logPath = Path.Combine(AppContext.BaseDirectory, "data", "dpkg.log");

    private static StreamingTestContext NewContext(ReceiverEvents events)
    {
        var test = new StreamingTestContext(configure: o =>
        {
            o.Master = "local[3]";
            o.ReceiverRestartDelay = TimeSpan.FromSeconds(1);
        });
        test.Context.AddStreamingListener(events);
        return test;
    }

    private static OutputCollectorOfCounts CountWords(StreamingTestContext test, DStream<string> lines)
        => new(test.Collect(lines.FlatMap(line => line.Split(' ')).Filter(word => word.Length > 0).Map(word => (word, 1)).ReduceByKey((a, b) => a + b)));

    private static bool EndOfData(string kind, Sluice.Monitoring.ReceiverInfo info)
        => kind == "error" && info.LastErrorMessage?.Contains("no more data", StringComparison.Ordinal) == true;

    [Fact]
    [Trait("Category", "Process")]
    public async Task AgainstNetcat_CountsOverAllBatchesEqualCountsOfTheFile()
    {
        var port = Loopback.FreePort();
        using var nc = ChildProcess.Start("bash", ["-c", $"exec nc -N -l 127.0.0.1 {port} < '{s_logPath}'"]);
        await Loopback.WaitUntilListening(port);
        var events = new ReceiverEvents();
        using var test = NewContext(events);
        var counts = CountWords(test, test.Context.SocketTextStream("127.0.0.1", port));
        test.Context.Start();
        await events.WaitFor(EndOfData);
        await test.RunBatchesAsync(1);

        var expected = File.ReadLines(s_logPath).SelectMany(line => line.Split(' ')).Where(w => w.Length > 0)
            .GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected, counts.Total());
    }

    [Fact]
    public async Task ServerDroppingMidLine_ReceiverReconnectsAndKeepsEveryLine()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            foreach (var payload in new[] { "alpha beta\r\ngam", "ma delta\nlast line\n" })
            {
                using var client = await server.AcceptTcpClientAsync();
                var bytes = Encoding.UTF8.GetBytes(payload);
                await client.GetStream().WriteAsync(bytes);
            }
        });

        var events = new ReceiverEvents();
        using var test = NewContext(events);
        var lines = test.Collect(test.Context.SocketTextStream("127.0.0.1", port));
        test.Context.Start();

        await events.WaitFor(EndOfData);
        await test.RunBatchesAsync(1); // also moves the clock past the restart delay
        await events.WaitFor((kind, info) => kind == "started" && events.All.Count(e => e.Kind == "started") == 2);
        await serving;
        await WaitForSecondEndOfData(events);
        await test.RunBatchesAsync(1);

        // The line cut by the dropped connection arrives as it was sent, as Spark's socket receiver delivers it.
        Assert.Equal(["alpha beta", "gam", "ma delta", "last line"], lines.All);
    }

    [Fact]
    public async Task AsText_EveryLineKeepsItsBytes_EvenThoseThatAreNotUtf8()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            using var client = await server.AcceptTcpClientAsync();
            await client.GetStream().WriteAsync((byte[])[.. "alpha beta\r\n"u8, 0x61, 0xFF, 0x62, (byte)'\n', .. "gamma"u8]);
        });

        var events = new ReceiverEvents();
        using var test = NewContext(events);
        var stream = test.Context.SocketUtf8TextStream("127.0.0.1", port);
        var lines = test.Collect(stream);
        var words = test.Collect(stream.Words().Map(word => word.ToString()));
        test.Context.Start();
        await events.WaitFor(EndOfData);
        await serving;
        await test.RunBatchesAsync(1);

        Assert.Equal(["alpha beta", "a\uFFFDb", "gamma"], lines.All.Select(line => line.ToString()));
        Assert.Equal([0x61, 0xFF, 0x62], lines.All[1].Span.ToArray());
        Assert.Equal(["alpha", "beta", "a\uFFFDb", "gamma"], words.All);
    }

    [Fact]
    public async Task NoServer_ReportsAClearErrorAndRetries()
    {
        var events = new ReceiverEvents();
        using var test = NewContext(events);
        var port = Loopback.FreePort();
        test.Collect(test.Context.SocketTextStream("127.0.0.1", port));
        test.Context.Start();
        await events.WaitFor((kind, _) => kind == "error");
        var error = events.All.First(e => e.Kind == "error").Info;
        Assert.Contains($"Error connecting to 127.0.0.1:{port}", error.LastErrorMessage);
        Assert.Contains("nc -lk", error.LastErrorMessage);
        Assert.IsType<SocketException>(error.LastError);

        await test.RunBatchesAsync(1); // past the restart delay: it tries again and fails again
        await events.WaitFor((kind, _) => kind == "error" && events.All.Count(e => e.Kind == "error") >= 2);
    }

    [Fact]
    public void ArgumentChecks()
    {
        using var test = new StreamingTestContext();
        Assert.Throws<ArgumentNullException>(() => test.Context.SocketTextStream(null!, 1));
        Assert.Throws<ArgumentNullException>(() => test.Context.SocketUtf8TextStream(null!, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => test.Context.SocketUtf8TextStream("localhost", 1, maxLineLength: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => test.Context.SocketTextStream("localhost", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => test.Context.SocketTextStream("localhost", 70000));
        Assert.Throws<ArgumentOutOfRangeException>(() => test.Context.SocketTextStream("localhost", 1, maxLineLength: 0));
        Assert.Throws<ArgumentNullException>(() => test.Context.SocketStream<int>("localhost", 1, null!));
        Assert.Throws<ArgumentNullException>(() => test.Context.ReceiverStream<int>(null!));
    }

    private static Task WaitForSecondEndOfData(ReceiverEvents events)
        => events.WaitFor((kind, info) => EndOfData(kind, info) && events.All.Count(e => EndOfData(e.Kind, e.Info)) == 2);

    private sealed class OutputCollectorOfCounts(OutputCollector<(string, int)> output)
    {
        public Dictionary<string, int> Total()
            => output.All.GroupBy(pair => pair.Item1).ToDictionary(g => g.Key, g => g.Sum(pair => pair.Item2));
    }
}
