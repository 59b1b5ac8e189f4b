using System.Text;
using Sluice.Streams;
using Sluice.TestSupport;

namespace Sluice.Nats.Tests;

/// <summary>
/// The core NATS receiver against nats-server on loopback, messages published over the NATS text protocol: each
/// counted once, with its subject; a server restart reported and resumed; wrong passwords, unknown hosts and
/// payloads that are not text reported in words.
/// </summary>
[Trait("Category", "Process")]
public sealed class NatsSubjectStreamTests
{
    [Fact]
    public async Task EveryMessagePublished_IsInABatchOnce_WithItsSubject()
    {
        using var server = await NatsServer.StartNewAsync();
        using var run = new SourceTestRun();
        var messages = run.Test.Collect(NatsUtils.CreateSubjectStream(run.Test.Context, new NatsSubjectOptions { Url = server.Url, Subjects = ["sensors.>", "alerts"] })
            .Map(message => $"{message.Subject} {Encoding.UTF8.GetString(message.Data)}"));
        await run.StartAsync("Subscribed to");

        using var client = server.Client();
        client.Publish("sensors.a", Enumerable.Range(0, 150).Select(i => Encoding.UTF8.GetBytes($"a{i}")));
        client.Publish("alerts", Enumerable.Range(0, 50).Select(i => Encoding.UTF8.GetBytes($"b{i}")));
        client.Publish("elsewhere", [Encoding.UTF8.GetBytes("not subscribed")]);
        await run.RunUntilAsync(() => messages.All.Count >= 200);
        await run.Test.RunBatchesAsync(2);

        string[] expected = [.. Enumerable.Range(0, 150).Select(i => $"sensors.a a{i}"), .. Enumerable.Range(0, 50).Select(i => $"alerts b{i}")];
        Assert.Equal(expected.Order(), messages.All.Order());
    }

    [Fact]
    public async Task TheServerRestarted_TheReceiverSaysSo_AndCountsWhatComesAfter()
    {
        using var server = await NatsServer.StartNewAsync();
        using var run = new SourceTestRun();
        var lines = run.Test.Collect(NatsUtils.CreateTextSubjectStream(run.Test.Context, server.Url, "lines"));
        await run.StartAsync("Subscribed to");
        Publish(server, "lines", Enumerable.Range(0, 100).Select(i => $"before {i}"));
        await run.RunUntilAsync(() => lines.All.Count >= 100);

        await server.StopAsync();
        Assert.Contains($"Lost the connection to NATS at 127.0.0.1:{server.Port}", await run.Errors.WaitForAsync("Lost the connection"), StringComparison.Ordinal);
        await server.StartAsync();

        // The client subscribes again as it reconnects: publish until a message comes through.
        var probes = 0;
        await run.RunUntilAsync(() =>
        {
            Publish(server, "lines", [$"probe {probes++}"]);
            return lines.All.Any(line => line.StartsWith("probe", StringComparison.Ordinal));
        });
        Publish(server, "lines", Enumerable.Range(0, 100).Select(i => $"after {i}"));
        await run.RunUntilAsync(() => lines.All.Count(line => line.StartsWith("after", StringComparison.Ordinal)) >= 100);
        await run.Test.RunBatchesAsync(2);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"before {i}"), lines.All.Where(line => line.StartsWith("before", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"after {i}"), lines.All.Where(line => line.StartsWith("after", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AWrongPassword_AnUnknownHost_AndAPortNobodyListensOn_AreReportedInWords()
    {
        using var server = await NatsServer.StartNewAsync(user: "reader", password: "right");
        using var run = new SourceTestRun("local[4]");
        run.Test.Collect(NatsUtils.CreateTextSubjectStream(run.Test.Context, new NatsSubjectOptions { Url = server.Url, Subjects = ["a"], UserName = "reader", Password = "wrong" }));
        run.Test.Collect(NatsUtils.CreateTextSubjectStream(run.Test.Context, new NatsSubjectOptions { Url = "nats://no-such-host.invalid:4222", Subjects = ["a"], ConnectTimeout = TimeSpan.FromSeconds(2) }));
        run.Test.Collect(NatsUtils.CreateTextSubjectStream(run.Test.Context, new NatsSubjectOptions { Url = $"nats://127.0.0.1:{Sluice.TestSupport.Loopback.FreePort()}", Subjects = ["a"] }));
        run.Test.Context.Start();

        var password = await run.Errors.WaitForAsync("user name or password");
        Assert.Contains($"NATS at 127.0.0.1:{server.Port}, subjects 'a': the server refused the user name or password (Authorization Violation). Check UserName and Password", password, StringComparison.Ordinal);
        var unknown = await run.Errors.WaitForAsync("no-such-host.invalid");
        Assert.True(unknown.Contains("the host in 'nats://no-such-host.invalid:4222' is unknown. Check the URL", StringComparison.Ordinal), unknown);
        Assert.Contains("nothing listens there. Check the URL's host and port, and that the server runs", await run.Errors.WaitForAsync("nothing listens"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APayloadThatIsNotText_IsReportedAndDropped_TheRestCounted()
    {
        using var server = await NatsServer.StartNewAsync();
        using var run = new SourceTestRun();
        var lines = run.Test.Collect(NatsUtils.CreateTextSubjectStream(run.Test.Context, server.Url, "text.>"));
        await run.StartAsync("Subscribed to");

        using var client = server.Client();
        client.Publish("text.a", [Encoding.UTF8.GetBytes("first"), [0x61, 0xff, 0xfe], Encoding.UTF8.GetBytes("last")]);
        await run.RunUntilAsync(() => lines.All.Count >= 2);

        Assert.Equal(["first", "last"], lines.All.Order());
        Assert.Contains("subject 'text.a' was dropped: its payload of 3 bytes is not UTF-8 text (an invalid byte at index 1)", await run.Errors.WaitForAsync("not UTF-8"), StringComparison.Ordinal);
    }

    private static void Publish(NatsServer server, string subject, IEnumerable<string> lines)
    {
        using var client = server.Client();
        client.Publish(subject, lines.Select(Encoding.UTF8.GetBytes));
    }
}
