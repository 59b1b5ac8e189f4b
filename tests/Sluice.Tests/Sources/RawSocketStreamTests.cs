using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sluice.Sources;
using Sluice.Testing;

namespace Sluice.Tests.Sources;

public class RawSocketStreamTests
{
    private static byte[] Frame(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    [Fact]
    public void FrameReader_ReadsFramesSplitAnywhere_AndRejectsGarbageWithTheBytesItSaw()
    {
        var bytes = Frame("alpha").Concat(Frame("")).Concat(Frame("ω")).ToArray();
        var frames = LengthPrefixedFrameReader.ReadFrames(new MemoryStream(bytes), 100, "test").Select(Encoding.UTF8.GetString);
        Assert.Equal(["alpha", "", "ω"], frames);

        var garbage = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n");
        var error = Assert.Throws<InvalidDataException>(() => LengthPrefixedFrameReader.ReadFrames(new MemoryStream(garbage), 1000, "test").ToList());
        Assert.Contains("47455420", error.Message);
        Assert.Throws<EndOfStreamException>(() => LengthPrefixedFrameReader.ReadFrames(new MemoryStream(Frame("cut")[..5]), 100, "test").ToList());
    }

    [Fact]
    public async Task RawSocketStream_DeliversEachFrameAsOneRecord()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var serving = Task.Run(async () =>
        {
            using var client = await server.AcceptTcpClientAsync();
            foreach (var text in new[] { "first", "second frame", "third" })
            {
                await client.GetStream().WriteAsync(Frame(text));
            }
        });

        var events = new ReceiverEvents();
        using var test = new StreamingTestContext(configure: o => o.ReceiverRestartDelay = TimeSpan.FromHours(1));
        test.Context.AddStreamingListener(events);
        var frames = test.Collect(test.Context.RawSocketStream("127.0.0.1", ((IPEndPoint)server.LocalEndpoint).Port).Map(Encoding.UTF8.GetString));
        test.Context.Start();
        await serving;
        await events.WaitFor((kind, info) => kind == "error" && info.LastErrorMessage?.Contains("no more data", StringComparison.Ordinal) == true);
        await test.RunBatchesAsync(1);
        Assert.Equal(["first", "second frame", "third"], frames.All);
    }
}
